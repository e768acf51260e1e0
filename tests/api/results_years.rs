//! Results per calendar year: who must ask for a year, which filters are
//! refused to whom, and yearly counters that follow inserts and erasures.

use client_safety::auth::Role;
use diesel::prelude::*;
use serde_json::{json, Value};

use crate::helpers::*;
use crate::responses::post_batch;
use crate::surveys::open_survey;

fn item(area: &str, day: &str, safe: i64) -> Value {
    json!({"area": area, "submitted_at": format!("{day}T08:00:00Z"), "answers": {"safe": safe}})
}

async fn results(app: &TestApp, token: &str, survey: &str, query: &str) -> Value {
    json_ok(app.get(&format!("/api/v1/surveys/{survey}/results?{query}"), token).await, 200).await
}

#[actix_web::test]
async fn suppressed_callers_must_name_a_year_and_may_not_filter() {
    let app = spawn_app().await;
    let survey = open_survey(&app, "year-rules").await;
    for role in [Role::Viewer, Role::Integration] {
        let token = app.token_for(role).await;
        let path = |q: &str| format!("/api/v1/surveys/{survey}/results?{q}");
        let problem = assert_problem(app.get(&path("group_by=area"), &token).await, 400).await;
        assert_eq!(error_fields(&problem), ["year"]);
        for (query, field) in [
            ("year=2025&area=hus", "area"),
            ("year=2025&event_id=x", "event_id"),
            ("year=2025&from=2025-01-01", "from"),
            ("to=2025-03-04", "to"),
            ("year=2025&suppress=false", "suppress"),
        ] {
            let problem = assert_problem(app.get(&path(query), &token).await, 403).await;
            assert_eq!(error_fields(&problem), [field], "{role} {query}");
        }
        let body = results(&app, &token, &survey, "year=2025").await;
        assert_eq!(
            (body["year"].as_i64(), body["group_by"].as_str()),
            (Some(2025), Some("collaboration_area"))
        );
    }
    for role in [Role::Admin, Role::Editor] {
        let token = app.token_for(role).await;
        let body = results(&app, &token, &survey, "group_by=area&area=hus&from=2025-01-01").await;
        assert!(body["year"].is_null());
    }
}

#[actix_web::test]
async fn years_are_counted_apart_and_erasures_leave_the_yearly_counters() {
    let app = spawn_app().await;
    let survey = open_survey(&app, "years").await;
    let admin = app.token_for(Role::Admin).await;
    let mut items: Vec<Value> = (0..6).map(|i| item("hus", "2024-12-31", 1 + i % 5)).collect();
    items.extend((0..7).map(|_| item("hus", "2025-01-01", 4)));
    let ids = post_batch(&app, &admin, &survey, items).await;
    let viewer = app.token_for(Role::Viewer).await;
    let n = |body: &Value| body["total"]["n"].as_i64();
    let y2024 = results(&app, &viewer, &survey, "group_by=area&year=2024").await;
    assert_eq!(
        (n(&y2024), y2024["groups"][0]["questions"]["safe"]["distribution"]["1"].as_i64()),
        (Some(6), Some(2))
    );
    let y2025 = results(&app, &viewer, &survey, "group_by=area&year=2025").await;
    assert_eq!(y2025["groups"][0]["questions"]["safe"]["distribution"]["4"], 7);
    assert!(results(&app, &viewer, &survey, "year=2023").await["groups"].as_array().unwrap().is_empty());

    let erase = |id: &String| format!("/api/v1/surveys/{survey}/responses/{id}");
    assert_eq!(app.delete(&erase(&ids[0]), &admin).await.status(), 204);
    let y2024 = results(&app, &viewer, &survey, "group_by=area&year=2024").await;
    assert_eq!(n(&y2024), Some(5));
    assert_eq!(y2024["groups"][0]["questions"]["safe"]["distribution"]["1"], 1, "the erased answer went");
    for id in &ids[1..6] {
        assert_eq!(app.delete(&erase(id), &admin).await.status(), 204);
    }
    assert!(results(&app, &viewer, &survey, "year=2024").await["groups"].as_array().unwrap().is_empty());
    assert_eq!(n(&results(&app, &viewer, &survey, "year=2025").await), Some(7));
    let mut conn = app.pool.get().unwrap();
    #[derive(QueryableByName)]
    struct Left {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let left: Left = diesel::sql_query("SELECT COUNT(*) AS n FROM response_year_counts WHERE year = 2024")
        .get_result(&mut *conn)
        .unwrap();
    assert_eq!(left.n, 0, "counters brought to zero are pruned");
}
