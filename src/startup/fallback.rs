//! What the API answers for a request no route takes.

use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse};

use crate::error::ApiError;

/// The methods each path template allows (see `openapi::route_table`).
pub type Routes = Arc<Vec<(String, Vec<&'static str>)>>;

/// 405 with `Allow` for a known path with another method (`HEAD` wherever
/// `GET`); 404 otherwise.
pub async fn fallback(req: HttpRequest, routes: Routes) -> Result<HttpResponse, ApiError> {
    let path = req.path().trim_end_matches('/');
    let matches = |template: &str| {
        let (a, b): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
        a.len() == b.len() && a.iter().zip(&b).all(|(t, p)| t == p || (t.starts_with('{') && !p.is_empty()))
    };
    match routes.iter().find(|(template, _)| matches(template)) {
        Some((_, methods)) => {
            let allow: Vec<String> = methods
                .iter()
                .flat_map(|m| if *m == "get" { vec!["GET", "HEAD"] } else { vec![*m] })
                .map(str::to_ascii_uppercase)
                .collect();
            Err(ApiError::method_not_allowed(&allow.iter().map(String::as_str).collect::<Vec<_>>()))
        }
        None => Err(ApiError::not_found(format!("no route {} {}", req.method(), req.path()))),
    }
}
