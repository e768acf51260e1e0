//! The yardstick: a bare actix server with no database that checks the same
//! JWT and answers the same page of events from memory, serialised per request.

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use client_safety::events::dto::EventResponse;
use jsonwebtoken::{decode, Algorithm, DecodingKey, Validation};
use serde::Serialize;

struct Shared {
    key: DecodingKey,
    validation: Validation,
    events: Vec<EventResponse>,
}

#[derive(Serialize)]
struct PageRef<'a> {
    items: &'a [EventResponse],
    next_cursor: Option<&'a str>,
}

async fn page(req: HttpRequest, shared: web::Data<Arc<Shared>>) -> HttpResponse {
    let token = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let valid =
        token.is_some_and(|t| decode::<serde_json::Value>(t, &shared.key, &shared.validation).is_ok());
    if !valid {
        return HttpResponse::Unauthorized().finish();
    }
    HttpResponse::Ok().json(PageRef { items: &shared.events, next_cursor: None })
}

/// Starts the server on its own thread with `workers` workers; returns its address.
pub fn start(secret: &str, events: Vec<EventResponse>, workers: usize) -> anyhow::Result<SocketAddr> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.validate_aud = false;
    let shared = Arc::new(Shared { key: DecodingKey::from_secret(secret.as_bytes()), validation, events });
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    std::thread::spawn(move || {
        let system = actix_web::rt::System::new();
        system.block_on(async move {
            let shared = web::Data::new(shared);
            let server = HttpServer::new(move || {
                App::new().app_data(shared.clone()).route("/api/v1/events", web::get().to(page))
            })
            .workers(workers)
            .listen(listener)
            .expect("listen")
            .run();
            let _ = server.await;
        });
    });
    Ok(addr)
}
