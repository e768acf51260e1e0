//! A feed page stays bounded: past 4 MiB of representations it ends early,
//! and `next_after` resumes right after its last entry.

use client_safety::auth::Role;
use serde_json::{json, Value};

use crate::helpers::*;

#[actix_web::test]
async fn a_page_of_large_entries_stops_near_4_mib_and_resumes_where_it_stopped() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let admin = app.token_for(Role::Admin).await;
    // 12,000 two-byte characters: about 24 kB of description per event.
    let long = "ä".repeat(4000);
    let body = json!({"title": {"fi": "Iso"}, "area": "hus", "starts_on": "2024-01-01", "format": "online",
                      "description": {"fi": long, "sv": long, "en": long}});
    let writers: Vec<_> = (0..4)
        .map(|_| {
            let (url, http, token, body) =
                (app.url("/api/v1/events"), app.http.clone(), editor.clone(), body.clone());
            actix_web::rt::spawn(async move {
                for _ in 0..50 {
                    let res = http.post(&url).bearer_auth(&token).json(&body).send().await.unwrap();
                    assert_eq!(res.status(), 201);
                }
            })
        })
        .collect();
    for w in writers {
        w.await.unwrap();
    }

    let first = json_ok(app.get("/api/v1/changes?types=event&limit=1000", &admin).await, 200).await;
    let items = first["items"].as_array().unwrap();
    let bytes: usize = items.iter().map(|c| c["resource"].to_string().len()).sum();
    assert!(items.len() > 100 && items.len() < 200, "cut early: {} entries", items.len());
    let biggest = items.iter().map(|c| c["resource"].to_string().len()).max().unwrap();
    assert!(bytes <= (4 << 20) + biggest, "{bytes} bytes");
    assert_eq!(first["next_after"], items.last().unwrap()["seq"]);

    let path = format!("/api/v1/changes?types=event&limit=1000&after={}", first["next_after"]);
    let rest = json_ok(app.get(&path, &admin).await, 200).await;
    let all: Vec<&Value> = items.iter().chain(rest["items"].as_array().unwrap()).collect();
    assert_eq!(all.len(), 200, "every entry once over the two pages");
    let seqs: Vec<i64> = all.iter().map(|c| c["seq"].as_i64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]));
}
