//! `/api/v1/surveys`: roles, validation, the status life cycle, frozen
//! questions, ETags, idempotent creation and the 2023 demo surveys.

use client_safety::auth::Role;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::*;

/// A survey with one question of every type (`safe` required).
pub fn survey_body(code: &str) -> Value {
    json!({
        "code": code,
        "title": {"fi": "Palautekysely", "en": "Feedback"},
        "kind": "feedback",
        "questions": [
            {"code": "safe", "type": "likert5", "text": {"fi": "Turvallinen olo"}, "required": true},
            {"code": "content", "type": "rating4", "text": {"fi": "Sisältö"}},
            {"code": "grade", "type": "grade10", "text": {"fi": "Arvosana"}},
            {"code": "again", "type": "choice", "text": {"fi": "Uudestaan?"},
             "options": [{"code": "yes", "text": {"fi": "Kyllä"}}, {"code": "no", "text": {"fi": "Ei"}}]},
            {"code": "free", "type": "text", "text": {"fi": "Vapaa sana"}}
        ]
    })
}

/// Creates `survey_body(code)` as an editor and opens it; returns its id.
pub async fn open_survey(app: &TestApp, code: &str) -> String {
    let editor = app.token_for(Role::Editor).await;
    let mut body = survey_body(code);
    body["status"] = json!("open");
    let created = json_ok(app.post_json("/api/v1/surveys", &editor, &body).await, 201).await;
    created["id"].as_str().unwrap().to_owned()
}

#[actix_web::test]
async fn editors_create_surveys_that_everyone_reads_and_others_may_not_write() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    for role in [Role::Viewer, Role::Integration] {
        let token = app.token_for(role).await;
        assert_problem(app.post_json("/api/v1/surveys", &token, &survey_body("nope")).await, 403).await;
    }
    let anonymous = app.http.get(app.url("/api/v1/surveys")).send().await.unwrap();
    assert_problem(anonymous, 401).await;

    let res = app.post_json("/api/v1/surveys", &editor, &survey_body("feedback-x")).await;
    assert_eq!(res.headers()["etag"], "\"1\"");
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let created = json_ok(res, 201).await;
    assert_eq!(created["status"], "draft");
    assert_eq!(created["version"], 1);
    assert_eq!(created["questions"][3]["options"][1]["code"], "no");
    assert_eq!(created["questions"][1]["required"], false);
    assert!(created["questions"][0].get("options").is_none());
    let id = created["id"].as_str().unwrap();
    assert_eq!(location, format!("/api/v1/surveys/{id}"));
    for role in [Role::Viewer, Role::Integration, Role::Admin] {
        let token = app.token_for(role).await;
        let got = app.get(&format!("/api/v1/surveys/{id}"), &token).await;
        assert_eq!(got.headers()["etag"], "\"1\"");
        assert_eq!(json_ok(got, 200).await, created);
    }
    assert_problem(app.get("/api/v1/surveys/00000000-0000-0000-0000-000000000000", &editor).await, 404).await;
    assert_problem(app.post_json("/api/v1/surveys", &editor, &survey_body("feedback-x")).await, 409).await;
}

#[actix_web::test]
async fn survey_lists_page_with_cursors_and_filter_by_status_and_kind() {
    let app = spawn_app().await;
    let viewer = app.token_for(Role::Viewer).await;
    for i in 0..5 {
        open_survey(&app, &format!("s-{i}")).await;
    }
    let editor = app.token_for(Role::Editor).await;
    json_ok(app.post_json("/api/v1/surveys", &editor, &survey_body("a-draft")).await, 201).await;
    let all = collect_pages(&app, "/api/v1/surveys?limit=2", &viewer).await;
    let codes: Vec<&str> = all.iter().map(|s| s["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["s-0", "s-1", "s-2", "s-3", "s-4", "a-draft"]);
    let drafts = json_ok(app.get("/api/v1/surveys?status=draft", &viewer).await, 200).await;
    assert_eq!(drafts["items"].as_array().unwrap().len(), 1);
    let other = json_ok(app.get("/api/v1/surveys?kind=other", &viewer).await, 200).await;
    assert!(other["items"].as_array().unwrap().is_empty());
    assert_problem(app.get("/api/v1/surveys?status=gone", &viewer).await, 400).await;
    assert_problem(app.get("/api/v1/surveys?limit=0", &viewer).await, 400).await;
    assert_problem(app.get("/api/v1/surveys?cursor=zzz", &viewer).await, 400).await;
    assert_problem(app.get("/api/v1/surveys?colour=red", &viewer).await, 400).await;
}

#[actix_web::test]
async fn invalid_surveys_get_422_naming_every_bad_field() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let bad = json!({
        "code": "Bad Code",
        "title": {"fi": " "},
        "kind": "feedback",
        "status": "closed",
        "questions": [
            {"code": "Safe", "type": "likert5", "text": {"fi": "x"}},
            {"code": "dup", "type": "rating4", "text": {"fi": "x"}, "options": [{"code": "a", "text": {"fi": "a"}}]},
            {"code": "dup", "type": "choice", "text": {"fi": ""}}
        ]
    });
    let problem = assert_problem(app.post_json("/api/v1/surveys", &editor, &bad).await, 422).await;
    let mut fields = error_fields(&problem);
    fields.sort();
    assert_eq!(
        fields,
        [
            "code",
            "questions[0].code",
            "questions[1].options",
            "questions[2].code",
            "questions[2].options",
            "questions[2].text.fi",
            "status",
            "title.fi"
        ]
    );
    let mut empty = survey_body("empty");
    empty["questions"] = json!([]);
    let problem = assert_problem(app.post_json("/api/v1/surveys", &editor, &empty).await, 422).await;
    assert_eq!(error_fields(&problem), ["questions"]);
    let mut typo = survey_body("typo");
    typo["questions"][0]["kind"] = json!("x");
    let problem = assert_problem(app.post_json("/api/v1/surveys", &editor, &typo).await, 422).await;
    assert_eq!(error_fields(&problem), ["questions[0].kind"]);
    let mut wrong_type = survey_body("wrong");
    wrong_type["questions"][0]["type"] = json!("likert7");
    let problem = assert_problem(app.post_json("/api/v1/surveys", &editor, &wrong_type).await, 422).await;
    assert_eq!(error_fields(&problem), ["questions[0].type"]);
    let list = json_ok(app.get("/api/v1/surveys", &editor).await, 200).await;
    assert!(list["items"].as_array().unwrap().is_empty(), "nothing stored");
}

#[actix_web::test]
async fn status_moves_forward_reopens_and_never_returns_to_draft() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let created = json_ok(app.post_json("/api/v1/surveys", &editor, &survey_body("life")).await, 201).await;
    let path = format!("/api/v1/surveys/{}", created["id"].as_str().unwrap());
    let status = |s: &str| json!({"status": s});
    assert_problem(app.patch_json(&path, &editor, &status("closed")).await, 409).await;
    let opened = json_ok(app.patch_json(&path, &editor, &status("open")).await, 200).await;
    assert_eq!((opened["status"].as_str(), opened["version"].as_i64()), (Some("open"), Some(2)));
    assert_problem(app.patch_json(&path, &editor, &status("draft")).await, 409).await;
    json_ok(app.patch_json(&path, &editor, &status("closed")).await, 200).await;
    assert_problem(app.patch_json(&path, &editor, &status("draft")).await, 409).await;
    let reopened = json_ok(app.patch_json(&path, &editor, &status("open")).await, 200).await;
    assert_eq!(reopened["version"], 4);
    let viewer = app.token_for(Role::Viewer).await;
    assert_problem(app.patch_json(&path, &viewer, &status("closed")).await, 403).await;
    assert_problem(app.patch_json(&path, &editor, &json!({"code": "other"})).await, 422).await;
    assert_problem(app.patch_json("/api/v1/surveys/nope", &editor, &status("open")).await, 404).await;
}

#[actix_web::test]
async fn questions_change_until_the_first_response_and_are_frozen_after() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let id = open_survey(&app, "frozen").await;
    let path = format!("/api/v1/surveys/{id}");
    let mut questions = survey_body("x")["questions"].clone();
    questions[2]["required"] = json!(true);
    let changed = json_ok(app.patch_json(&path, &editor, &json!({"questions": questions})).await, 200).await;
    assert_eq!(changed["questions"][2]["required"], true);
    let bad = json!({"questions": [{"code": "q", "type": "choice", "text": {"fi": "x"}}]});
    assert_eq!(
        error_fields(&assert_problem(app.patch_json(&path, &editor, &bad).await, 422).await),
        ["questions[0].options"]
    );

    let response = json!({"area": "hus", "answers": {"safe": 4, "grade": 8}});
    json_ok(app.post_json(&format!("{path}/responses"), &editor, &response).await, 201).await;
    questions[2]["required"] = json!(false);
    assert_problem(app.patch_json(&path, &editor, &json!({"questions": questions})).await, 409).await;
    let same = changed["questions"].clone();
    let title = json!({"questions": same, "title": {"fi": "Uusi nimi"}});
    let renamed = json_ok(app.patch_json(&path, &editor, &title).await, 200).await;
    assert_eq!(renamed["title"]["fi"], "Uusi nimi");
    assert_eq!(renamed["questions"], changed["questions"]);
}

#[actix_web::test]
async fn a_stale_if_match_changes_nothing_and_writes_are_audited() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let created = json_ok(app.post_json("/api/v1/surveys", &admin, &survey_body("etag")).await, 201).await;
    let path = format!("/api/v1/surveys/{}", created["id"].as_str().unwrap());
    let patch = |tag: &str| {
        app.request(Method::PATCH, &path, &admin).header("If-Match", tag).json(&json!({"kind": "other"}))
    };
    assert_problem(patch("\"7\"").send().await.unwrap(), 412).await;
    let res = patch("\"1\"").send().await.unwrap();
    assert_eq!(res.headers()["etag"], "\"2\"");
    assert_eq!(json_ok(res, 200).await["kind"], "other");
    let audit_path =
        format!("/api/v1/audit?entity_type=survey&entity_id={}", created["id"].as_str().unwrap());
    let audit = json_ok(app.get(&audit_path, &admin).await, 200).await;
    let items = audit["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!((items[0]["action"].as_str(), items[1]["action"].as_str()), (Some("update"), Some("create")));
    assert_eq!(
        (items[0]["before"]["kind"].as_str(), items[0]["after"]["kind"].as_str()),
        (Some("feedback"), Some("other"))
    );
}

#[actix_web::test]
async fn an_idempotency_key_replays_survey_creation() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let post = |body: Value| {
        app.request(Method::POST, "/api/v1/surveys", &editor).header("Idempotency-Key", "k-1").json(&body)
    };
    let first = json_ok(post(survey_body("idem")).send().await.unwrap(), 201).await;
    let again = post(survey_body("idem")).send().await.unwrap();
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(json_ok(again, 201).await, first);
    assert_problem(post(survey_body("idem-2")).send().await.unwrap(), 422).await;
    let list = json_ok(app.get("/api/v1/surveys", &editor).await, 200).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
}

#[actix_web::test]
async fn the_2023_demo_surveys_load_once_and_open() {
    let app = spawn_app().await;
    let mut conn = app.pool.get().unwrap();
    assert_eq!(client_safety::surveys::demo::load(&mut conn).unwrap(), 2);
    assert_eq!(client_safety::surveys::demo::load(&mut conn).unwrap(), 0, "a second load adds nothing");
    let viewer = app.token_for(Role::Viewer).await;
    let list = json_ok(app.get("/api/v1/surveys", &viewer).await, 200).await;
    let items = list["items"].as_array().unwrap();
    let codes: Vec<&str> = items.iter().map(|s| s["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["pre-assignment-2023", "feedback-2023"]);
    assert!(items.iter().all(|s| s["status"] == "open"));
    let types: Vec<&str> =
        items[1]["questions"].as_array().unwrap().iter().map(|q| q["type"].as_str().unwrap()).collect();
    assert_eq!(types, ["rating4", "rating4", "grade10", "text"]);
    assert_eq!(items[0]["questions"][0]["code"], "would_feel_safe");
    assert_eq!(items[0]["kind"], "pre_assignment");
}

#[actix_web::test]
async fn a_survey_with_an_unknown_stored_status_is_a_500_not_a_closed_survey() {
    use diesel::RunQueryDsl;
    let app = spawn_app().await;
    let id = open_survey(&app, "tampered-2025").await;
    let mut conn = app.pool.get().expect("connection");
    diesel::sql_query("UPDATE surveys SET status = 'archived' WHERE id = $1")
        .bind::<diesel::sql_types::Text, _>(&id)
        .execute(&mut conn)
        .expect("status changed behind the service's back");
    let viewer = app.token_for(Role::Viewer).await;
    let problem = assert_problem(app.get(&format!("/api/v1/surveys/{id}"), &viewer).await, 500).await;
    let body = problem.to_string().to_lowercase();
    for word in ["archived", "surveystatus", "diesel", "deserializ", "closed", "src/"] {
        assert!(!body.contains(word), "{word} in {body}");
    }
}
