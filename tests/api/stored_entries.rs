//! Survey responses, change-feed entries and audit entries keep the JSON their
//! lists answer, written with them: the lists show exactly what was answered
//! when they were written, whether read from that JSON or (rows written before
//! it was kept) rendered from their columns, and the database refuses stored
//! JSON that is not JSON. A start stores the JSON of rows written before it
//! was kept.

use client_safety::auth::Role;
use reqwest::Method;
use serde_json::{json, Value};

use crate::changes::follow;
use crate::events::event;
use crate::helpers::*;
use crate::responses::post_batch;
use crate::surveys::open_survey;

/// A response of `area` with a nanosecond time and text that needs escaping.
fn response(i: usize, area: &str) -> Value {
    let mut item = json!({
        "area": area,
        "submitted_at": format!("2025-05-0{}T10:00:00.123456789Z", 1 + i % 9),
        "answers": {"safe": 1 + i % 5, "again": "yes", "free": format!("\"Hyvä\" \\ {i}\n\u{2028}ok")},
    });
    if i.is_multiple_of(2) {
        item["external_id"] = json!(format!("ext-{i}"));
    }
    item
}

#[actix_web::test]
async fn racing_submitters_leave_the_response_list_as_each_answer_showed_its_response() {
    let app = spawn_app().await;
    let survey = open_survey(&app, "stored").await;
    let admin = app.token_for(Role::Admin).await;
    let base = format!("/api/v1/surveys/{survey}/responses");
    let areas = ["hus", "helsinki", "satakunta", "pirkanmaa"];
    let handles: Vec<_> = (0..8)
        .map(|i| {
            let send = app.request(Method::POST, &base, &admin).json(&response(i, areas[i % 4])).send();
            actix_web::rt::spawn(send)
        })
        .collect();
    let mut answered = Vec::new();
    for handle in handles {
        answered.push(json_ok(handle.await.unwrap().unwrap(), 201).await);
    }
    for a in &answered {
        let at = a["submitted_at"].as_str().unwrap();
        assert!(at.ends_with(".123456Z"), "kept to the microsecond on both databases: {at}");
    }
    let listed = collect_pages(&app, &format!("{base}?limit=3"), &admin).await;
    assert_eq!(listed.len(), answered.len());
    for a in &answered {
        assert!(listed.contains(a), "the list shows {a} as its answer did: {listed:?}");
    }
    // In feed order (`after=`; racing writers may commit in another order than they inserted), the same responses.
    let followed = collect_pages(&app, &format!("{base}?after=0&limit=3"), &admin).await;
    let by_id = |items: &[Value]| {
        let mut items = items.to_vec();
        items.sort_by_key(|r| r["id"].as_str().unwrap().to_owned());
        items
    };
    assert_eq!(by_id(&followed), by_id(&listed));
    // Half of them as if stored before their JSON was kept: rendered from their columns, the same.
    for r in listed.iter().step_by(2) {
        let id = r["id"].as_str().unwrap();
        assert_eq!(app.exec_sql("UPDATE survey_responses SET doc = NULL WHERE id = $1", id), 1);
    }
    assert_eq!(collect_pages(&app, &format!("{base}?limit=3"), &admin).await, listed);
    assert_eq!(collect_pages(&app, &format!("{base}?after=0&limit=3"), &admin).await, followed);
    let first = listed[0]["id"].as_str().unwrap();
    let refused = app.try_exec_sql("UPDATE survey_responses SET doc = 'not {json' WHERE id = $1", first);
    assert!(refused.is_err(), "the database keeps only JSON");
    assert_eq!(
        app.exec_sql("UPDATE survey_responses SET answers = '{\"safe\": ODD' WHERE id = $1", first),
        1
    );
    let problem = assert_problem(app.get(&base, &admin).await, 500).await;
    assert!(!problem.to_string().contains("ODD"), "the 500 must stay opaque: {problem}");
}

/// Tokens of an admin, an editor and a county's client (the readers of [`read_all`]).
async fn readers(app: &TestApp) -> [String; 3] {
    [app.token_for(Role::Admin).await, app.token_for(Role::Editor).await, app.integration_token("hus").await]
}

/// What each of an admin, an editor and a county's client reads of the feed
/// and (the admin) of the audit log.
async fn read_all(app: &TestApp, tokens: &[String; 3]) -> Vec<Vec<Value>> {
    let mut seen = Vec::new();
    for (token, types) in tokens.iter().zip(["area,event,survey,survey_response,client", "event,survey", ""])
    {
        let types = if types.is_empty() { "survey_response" } else { types };
        seen.push(follow(app, token, types, 0).await.0);
    }
    seen.push(collect_pages(app, "/api/v1/audit?limit=7", &tokens[0]).await);
    seen
}

#[actix_web::test]
async fn feed_and_audit_entries_read_the_same_from_their_stored_json_as_from_their_columns() {
    let app = spawn_app().await;
    let tokens = readers(&app).await;
    let created =
        json_ok(app.post_json("/api/v1/events", &tokens[1], &event("hus", "2025-05-05")).await, 201).await;
    let path = format!("/api/v1/events/{}", created["id"].as_str().unwrap());
    let title = json!({"title": {"fi": "\"Lainaus\" ja \\ kenoviiva", "en": "Line\u{2028}separator"}});
    let patch = app.request(Method::PATCH, &path, &tokens[1]).header("if-match", "\"1\"").json(&title);
    let patched = json_ok(patch.send().await.unwrap(), 200).await;
    let gone =
        app.request(Method::DELETE, &path, &tokens[1]).header("if-match", "\"2\"").send().await.unwrap();
    assert_eq!(gone.status(), 204);
    let survey = open_survey(&app, "feed").await;
    let items = (0..6).map(|i| response(i, ["hus", "satakunta"][i % 2])).collect();
    post_batch(&app, &tokens[0], &survey, items).await;
    app.create_client(Role::Viewer, None);

    let stored = read_all(&app, &tokens).await;
    let [admin, editor, county, audit] = &stored[..] else { panic!("four reads") };
    assert!(admin.len() >= 7 && editor.len() >= 4 && county.len() == 1, "{admin:?} {editor:?} {county:?}");
    assert!(admin.iter().all(|e| e["actor"].is_string()), "admins see who: {admin:?}");
    assert!(editor.iter().chain(county).all(|e| e.get("actor").is_none()), "others do not: {editor:?}");
    assert_eq!(county[0]["resource"]["area"], "hus");
    assert_eq!(editor[1]["resource"], patched, "the entry shows what the PATCH answered");
    assert!(audit.iter().any(|e| e["after"] == patched), "{audit:?}");

    // Every entry as if written before its JSON was kept: rendered from its columns, the same.
    assert!(app.exec_sql("UPDATE changes SET doc = NULL WHERE entity_id <> $1", "") >= 7);
    assert!(app.exec_sql("UPDATE audit_log SET doc = NULL WHERE entity_id <> $1", "") >= 7);
    assert_eq!(read_all(&app, &tokens).await, stored);

    let event_id = created["id"].as_str().unwrap();
    for table in ["changes", "audit_log"] {
        let sql = format!("UPDATE {table} SET doc = 'not {{json' WHERE entity_id = $1");
        assert!(app.try_exec_sql(&sql, event_id).is_err(), "{table} keeps only JSON");
        // JSON, but not an entry: a logged, opaque 500, not a broken page.
        assert!(
            app.exec_sql(&format!("UPDATE {table} SET doc = '[\"odd\"]' WHERE entity_id = $1"), event_id) > 0
        );
    }
    let problem = assert_problem(app.get("/api/v1/changes?types=event", &tokens[1]).await, 500).await;
    assert!(!problem.to_string().contains("odd"), "the 500 must stay opaque: {problem}");
    let problem = assert_problem(app.get("/api/v1/audit", &tokens[0]).await, 500).await;
    assert!(!problem.to_string().contains("odd"), "the 500 must stay opaque: {problem}");
}

/// Rows of `survey_responses`, `changes` and `audit_log` without stored JSON.
fn without_json(app: &TestApp) -> [usize; 3] {
    ["survey_responses", "changes", "audit_log"]
        .map(|t| app.exec_sql(&format!("UPDATE {t} SET doc = NULL WHERE doc IS NULL AND $1 <> ''"), "-"))
}

/// Drops the stored JSON of every response, feed and audit entry.
fn forget_json(app: &TestApp) {
    for table in ["survey_responses", "changes", "audit_log"] {
        assert!(app.exec_sql(&format!("UPDATE {table} SET doc = NULL WHERE $1 <> ''"), "-") >= 4, "{table}");
    }
}

/// What a restart does before it serves, on the app's database.
fn start_up_step(app: &TestApp) {
    let url = client_safety::db::DbUrl::parse(&app.db.url()).unwrap();
    client_safety::startup::prepare_database(&url, 1).expect("the start-up step succeeds");
}

#[actix_web::test]
async fn a_start_stores_the_json_of_rows_written_before_it_was_kept_and_lists_read_the_same() {
    let app = spawn_app().await;
    let tokens = readers(&app).await;
    let created =
        json_ok(app.post_json("/api/v1/events", &tokens[1], &event("hus", "2025-05-05")).await, 201).await;
    let survey = open_survey(&app, "backfill").await;
    // More than a start stores in one transaction (500).
    let items = (0..1100).map(|i| response(i, ["hus", "satakunta"][i % 2])).collect();
    post_batch(&app, &tokens[0], &survey, items).await;
    let responses = format!("/api/v1/surveys/{survey}/responses?limit=500");
    let read =
        || async { (read_all(&app, &tokens).await, collect_pages(&app, &responses, &tokens[0]).await) };
    let before = read().await;
    assert_eq!(without_json(&app), [0, 0, 0], "every row written now stores its JSON");

    forget_json(&app);
    // Two instances starting at once (as beside one PostgreSQL database).
    std::thread::scope(|s| {
        s.spawn(|| start_up_step(&app));
        s.spawn(|| start_up_step(&app));
    });
    assert_eq!(without_json(&app), [0, 0, 0], "the start stored them all");
    assert_eq!(read().await, before, "and the lists read the same from them");

    // A row whose columns do not render is left as it was; the start goes on.
    forget_json(&app);
    let event_id = created["id"].as_str().unwrap();
    let corrupt =
        app.exec_sql("UPDATE audit_log SET after_state = 'not {json' WHERE entity_id = $1", event_id);
    assert_eq!(corrupt, 1);
    start_up_step(&app);
    assert_eq!(without_json(&app), [0, 0, corrupt]);
    let problem = assert_problem(app.get("/api/v1/audit", &tokens[0]).await, 500).await;
    assert!(!problem.to_string().contains("not {json"), "the 500 must stay opaque: {problem}");
}
