//! A lean HTTP/1.1 load generator: keep-alive connections that send one
//! prepared GET after another and read each answer by its `Content-Length`,
//! so the client spends as little of the shared CPU as it can.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// What one run of the load measured.
pub struct Figures {
    pub requests: u64,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub body_bytes: usize,
}

/// `connections` connections GET `path` for `seconds`; every answer must be 200.
pub async fn run(
    addr: SocketAddr,
    path: &str,
    token: &str,
    connections: usize,
    seconds: f64,
) -> anyhow::Result<Figures> {
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\r\n");
    let until = Instant::now() + Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let tasks: Vec<_> = (0..connections)
        .map(|_| {
            let request = request.clone().into_bytes();
            tokio::spawn(async move { connection(addr, &request, until).await })
        })
        .collect();
    let (mut micros, mut body_bytes) = (Vec::new(), 0);
    for t in tasks {
        let (m, b) = t.await??;
        micros.extend(m);
        body_bytes = body_bytes.max(b);
    }
    let secs = started.elapsed().as_secs_f64();
    ensure!(!micros.is_empty(), "no request completed");
    micros.sort_unstable();
    let at = |p: f64| micros[((micros.len() - 1) as f64 * p).round() as usize] as f64 / 1000.0;
    Ok(Figures {
        requests: micros.len() as u64,
        per_second: micros.len() as f64 / secs,
        p50_ms: at(0.5),
        p99_ms: at(0.99),
        max_ms: at(1.0),
        body_bytes,
    })
}

/// One connection's latencies (µs) and the size of the last body.
async fn connection(addr: SocketAddr, request: &[u8], until: Instant) -> anyhow::Result<(Vec<u32>, usize)> {
    let mut stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let mut buf = Vec::with_capacity(1 << 17);
    let (mut micros, mut body) = (Vec::new(), 0);
    while Instant::now() < until {
        let sent = Instant::now();
        stream.write_all(request).await?;
        body = read_answer(&mut stream, &mut buf).await?;
        micros.push(sent.elapsed().as_micros().min(u32::MAX as u128) as u32);
    }
    Ok((micros, body))
}

/// Reads one 200 answer with a `Content-Length`; returns the body's size.
async fn read_answer(stream: &mut TcpStream, buf: &mut Vec<u8>) -> anyhow::Result<usize> {
    buf.clear();
    let (head, length) = loop {
        if stream.read_buf(buf).await? == 0 {
            bail!("the server closed the connection");
        }
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = std::str::from_utf8(&buf[..end]).context("head is not UTF-8")?;
            ensure!(head.starts_with("HTTP/1.1 200"), "answer: {}", head.lines().next().unwrap_or(""));
            let length = head
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length").then(|| v.trim().parse::<usize>().ok())?
                })
                .context("no Content-Length")?;
            break (end + 4, length);
        }
    };
    while buf.len() < head + length {
        if stream.read_buf(buf).await? == 0 {
            bail!("the server closed the connection mid-body");
        }
    }
    Ok(length)
}
