//! `--webhook`: a receiver that counts what it is sent, subscribed to every
//! stored batch, to show that ingest does not wait for deliveries and how
//! soon they follow.

use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::{web, App, HttpResponse, HttpServer};
use serde_json::json;

use crate::api::Api;

/// The receiver: 204 to every POST, counted.
pub struct Sink {
    pub url: String,
    count: Arc<AtomicUsize>,
}

impl Sink {
    /// Starts on its own thread (one worker).
    pub fn start() -> anyhow::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let url = format!("http://{}/hook", listener.local_addr()?);
        let count = Arc::new(AtomicUsize::new(0));
        let counted = count.clone();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let counted = web::Data::new(counted);
                let server = HttpServer::new(move || {
                    App::new().app_data(counted.clone()).default_service(web::to(
                        |n: web::Data<Arc<AtomicUsize>>| async move {
                            n.fetch_add(1, Ordering::Relaxed);
                            HttpResponse::NoContent().finish()
                        },
                    ))
                })
                .workers(1)
                .listen(listener)
                .expect("listen")
                .run();
                let _ = server.await;
            });
        });
        Ok(Self { url, count })
    }

    /// Subscribes the sink to stored responses.
    pub async fn subscribe(&self, api: &Api) -> anyhow::Result<()> {
        api.post("/api/v1/webhooks", &json!({"url": self.url, "types": ["survey_response"]})).await?;
        Ok(())
    }

    /// Seconds until `expected` deliveries arrived (at most 10 minutes).
    pub async fn drained(&self, expected: usize) -> f64 {
        let started = Instant::now();
        while self.count.load(Ordering::Relaxed) < expected && started.elapsed() < Duration::from_secs(600) {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        started.elapsed().as_secs_f64()
    }

    pub fn received(&self) -> usize {
        self.count.load(Ordering::Relaxed)
    }
}
