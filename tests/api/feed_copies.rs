//! Keeping a copy up to date without the feed's full entries: `updated_since`
//! on the lists, and the response listing's `after=<seq>`.

use std::time::Duration;

use client_safety::auth::Role;
use serde_json::{json, Value};

use crate::events::event;
use crate::helpers::*;
use crate::responses::post_batch;
use crate::surveys::{open_survey, survey_body};

fn ids(items: &[Value], key: &str) -> Vec<String> {
    items.iter().map(|i| i[key].as_str().unwrap().to_owned()).collect()
}

#[actix_web::test]
async fn updated_since_lists_only_what_changed_at_or_after_it() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    json_ok(app.post_json("/api/v1/events", &editor, &event("hus", "2023-09-01")).await, 201).await;
    let old = json_ok(app.post_json("/api/v1/events", &editor, &event("hus", "2023-09-02")).await, 201).await;
    json_ok(app.post_json("/api/v1/surveys", &editor, &survey_body("old")).await, 201).await;
    let p = json!({"title": {"fi": "Vanha"}, "category": "human_error", "tier": 1});
    json_ok(app.post_json("/api/v1/proposals", &editor, &p).await, 201).await;
    actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    let since = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
    actix_web::rt::time::sleep(Duration::from_millis(20)).await;

    let new = json_ok(app.post_json("/api/v1/events", &editor, &event("hus", "2023-09-03")).await, 201).await;
    let path = format!("/api/v1/events/{}", old["id"].as_str().unwrap());
    json_ok(app.patch_json(&path, &editor, &json!({"venue": "Sali"})).await, 200).await;
    json_ok(app.patch_json("/api/v1/areas/hus", &editor, &json!({"statistics_code": "99"})).await, 200).await;
    let survey = json_ok(app.post_json("/api/v1/surveys", &editor, &survey_body("new")).await, 201).await;
    let p = json!({"title": {"fi": "Uusi"}, "category": "human_error", "tier": 1});
    let proposal = json_ok(app.post_json("/api/v1/proposals", &editor, &p).await, 201).await;

    let q = format!("updated_since={since}");
    let events = collect_pages(&app, &format!("/api/v1/events?{q}&order=asc"), &editor).await;
    assert_eq!(ids(&events, "id"), [old["id"].as_str().unwrap(), new["id"].as_str().unwrap()]);
    assert_eq!(ids(&collect_pages(&app, &format!("/api/v1/areas?{q}"), &editor).await, "code"), ["hus"]);
    let surveys = collect_pages(&app, &format!("/api/v1/surveys?{q}"), &editor).await;
    assert_eq!(ids(&surveys, "id"), [survey["id"].as_str().unwrap()]);
    let proposals = collect_pages(&app, &format!("/api/v1/proposals?{q}"), &editor).await;
    assert_eq!(ids(&proposals, "id"), [proposal["id"].as_str().unwrap()]);
    for list in ["events", "areas", "surveys", "proposals"] {
        for bad in ["yesterday", "2023-09-01", "0001-01-01T00:00:00Z"] {
            let problem =
                assert_problem(app.get(&format!("/api/v1/{list}?updated_since={bad}"), &editor).await, 400)
                    .await;
            assert_eq!(error_fields(&problem), ["updated_since"], "{list} {bad}");
        }
    }
}

#[actix_web::test]
async fn the_response_listing_after_a_seq_gives_what_the_feed_announced_within_the_callers_county() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let survey = open_survey(&app, "after").await;
    let feed = |after: i64| format!("/api/v1/changes?types=survey_response&after={after}");
    let s0 = json_ok(app.get(&feed(0), &admin).await, 200).await["next_after"].as_i64().unwrap();
    let item = |area: &str| json!({"area": area, "answers": {"safe": 3}});
    let first =
        post_batch(&app, &admin, &survey, vec![item("hus"), item("satakunta"), item("satakunta")]).await;
    let s1 = json_ok(app.get(&feed(s0), &admin).await, 200).await["next_after"].as_i64().unwrap();
    let second = post_batch(&app, &admin, &survey, vec![item("satakunta"), item("hus")]).await;

    let base = format!("/api/v1/surveys/{survey}/responses");
    let all = collect_pages(&app, &format!("{base}?after={s0}&limit=2"), &admin).await;
    // In feed order: a batch's entries go area by area.
    let expected = [&first[0], &first[1], &first[2], &second[1], &second[0]].map(String::as_str);
    assert_eq!(ids(&all, "id"), expected);
    let since_s1 = collect_pages(&app, &format!("{base}?after={s1}"), &admin).await;
    assert_eq!(ids(&since_s1, "id"), [second[1].as_str(), second[0].as_str()]);

    let erase = format!("{base}/{}", first[1]);
    assert_eq!(app.delete(&erase, &admin).await.status(), 204);
    let satakunta = app.integration_token("satakunta").await;
    let own = collect_pages(&app, &format!("{base}?after={s0}&limit=1"), &satakunta).await;
    assert_eq!(ids(&own, "id"), [first[2].as_str(), second[0].as_str()], "own county only, erased ones gone");
    assert_problem(app.get(&format!("{base}?after={s0}&area=hus"), &satakunta).await, 403).await;
    assert_problem(app.get(&format!("{base}?after=-1"), &admin).await, 400).await;
    let csv =
        app.request(reqwest::Method::GET, &format!("{base}?after={s0}"), &admin).header("accept", "text/csv");
    assert_problem(csv.send().await.unwrap(), 400).await;
}
