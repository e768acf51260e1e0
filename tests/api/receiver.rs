//! A webhook receiver for the tests: it verifies every delivery with the
//! Standard Webhooks reference library (the `standardwebhooks` crate), keeps
//! what it got, and answers with the statuses it is told to (then 204).

use std::collections::VecDeque;
use std::net::TcpListener;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;
use standardwebhooks::Webhook;

/// One request as the receiver saw it.
#[derive(Debug, Clone)]
pub struct Got {
    /// `webhook-id`.
    pub id: String,
    pub body: Value,
    /// Whether the reference library verified its signature.
    pub verified: bool,
    /// What the receiver answered.
    pub answered: u16,
}

#[derive(Default)]
pub struct Shared {
    secret: Mutex<String>,
    plan: Mutex<VecDeque<u16>>,
    got: Mutex<Vec<Got>>,
}

pub struct Receiver {
    pub url: String,
    shared: web::Data<Shared>,
    handle: actix_web::dev::ServerHandle,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

async fn receive(req: HttpRequest, body: web::Bytes, shared: web::Data<Shared>) -> HttpResponse {
    let mut headers = HeaderMap::new();
    for (name, value) in req.headers() {
        if let (Ok(n), Ok(v)) =
            (HeaderName::from_bytes(name.as_str().as_bytes()), HeaderValue::from_bytes(value.as_bytes()))
        {
            headers.insert(n, v);
        }
    }
    let secret = shared.secret.lock().unwrap().clone();
    let verified = Webhook::new(&secret).and_then(|w| w.verify(&body, &headers)).is_ok();
    let answered = shared.plan.lock().unwrap().pop_front().unwrap_or(204);
    let id = req.headers().get("webhook-id").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let body = serde_json::from_slice(&body).unwrap_or(Value::Null);
    shared.got.lock().unwrap().push(Got { id, body, verified, answered });
    let status = actix_web::http::StatusCode::from_u16(answered).unwrap();
    let mut res = HttpResponse::build(status);
    if (300..400).contains(&answered) {
        res.insert_header(("location", "/elsewhere"));
    }
    res.body("x".repeat(100_000))
}

impl Receiver {
    /// A receiver on a free local port.
    pub async fn start() -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let shared = web::Data::new(Shared::default());
        let data = shared.clone();
        let server =
            HttpServer::new(move || App::new().app_data(data.clone()).default_service(web::to(receive)))
                .workers(1)
                .disable_signals()
                .listen(listener)
                .unwrap()
                .run();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        Receiver { url: format!("http://127.0.0.1:{port}/hook"), shared, handle }
    }

    /// The secret deliveries are verified with.
    pub fn set_secret(&self, secret: &str) {
        *self.shared.secret.lock().unwrap() = secret.to_owned();
    }

    /// The next answers, in order (after them: 204).
    pub fn answer(&self, statuses: &[u16]) {
        self.shared.plan.lock().unwrap().extend(statuses);
    }

    /// Forgets the answers not given yet.
    pub fn clear_answers(&self) {
        self.shared.plan.lock().unwrap().clear();
    }

    pub fn got(&self) -> Vec<Got> {
        self.shared.got.lock().unwrap().clone()
    }

    /// What it got once `done` holds for it (panics after 45 s: more than a
    /// delivery's claim, which lapses 30 s after a killed instance took it).
    pub async fn wait_until(&self, what: &str, done: impl Fn(&[Got]) -> bool) -> Vec<Got> {
        let started = Instant::now();
        loop {
            let got = self.got();
            if done(&got) {
                return got;
            }
            assert!(started.elapsed() < Duration::from_secs(45), "waited 45 s for {what}; got {got:#?}");
            actix_web::rt::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// The 2xx-answered deliveries of changes, as (type, action, id).
    pub fn changes(&self) -> Vec<(String, String, String)> {
        let got = self.got();
        let ok = got.iter().filter(|g| g.answered < 300 && g.body.get("seq").is_some());
        ok.map(|g| (s(&g.body["type"]), s(&g.body["action"]), s(&g.body["id"]))).collect()
    }
}

fn s(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_owned()
}
