//! `/api/v1/surveys/{id}/results`: exact figures, grouping and filters, down to
//! the 2023 workshop report (suppression: `results_suppression`).

use client_safety::auth::Role;
use serde_json::{json, Value};

use crate::helpers::*;
use crate::responses::post_batch;
use crate::surveys::open_survey;

pub const E1: &str = "0190f1c2-0000-7000-8000-0000000000e1";
pub const E2: &str = "0190f1c2-0000-7000-8000-0000000000e2";

/// The app with the two events the responses name (Helsinki and Turku workshops).
pub async fn spawn_with_events(app: TestApp) -> TestApp {
    app.insert_event(E1, "Työpaja E1", "etela-suomi", "2023-10-18");
    app.insert_event(E2, "Työpaja E2", "lansi-suomi", "2023-09-06");
    app
}

fn item(area: &str, event: &str, day: &str, safe: i64, content: i64, grade: i64, again: &str) -> Value {
    json!({"area": area, "event_id": event, "submitted_at": format!("{day}T12:00:00Z"),
           "answers": {"safe": safe, "content": content, "grade": grade, "again": again, "free": "salainen"}})
}

/// hus 6, helsinki 5 (both etela-suomi), varsinais-suomi 5 (lansi-suomi).
fn data() -> Vec<Value> {
    let mut v = Vec::new();
    let hus = [
        (5, 4, 10, "yes"),
        (4, 4, 9, "yes"),
        (4, 3, 8, "yes"),
        (3, 2, 7, "yes"),
        (2, 1, 6, "no"),
        (1, 4, 5, "no"),
    ];
    for (s, c, g, a) in hus {
        v.push(item("hus", E1, "2023-10-18", s, c, g, a));
    }
    for (i, s) in [5, 5, 5, 5, 4].into_iter().enumerate() {
        v.push(item("helsinki", if i < 2 { E1 } else { E2 }, "2023-10-18", s, 4, 10, "yes"));
    }
    for (s, c, g) in [(1, 1, 2), (2, 2, 4), (3, 3, 6), (4, 4, 8), (5, 1, 10)] {
        v.push(item("varsinais-suomi", E2, "2023-09-06", s, c, g, "no"));
    }
    v
}

pub async fn results(app: &TestApp, token: &str, survey: &str, query: &str) -> Value {
    json_ok(app.get(&format!("/api/v1/surveys/{survey}/results?{query}"), token).await, 200).await
}

pub fn group<'a>(body: &'a Value, key: &str) -> &'a Value {
    body["groups"].as_array().unwrap().iter().find(|g| g["key"] == key).unwrap_or(&Value::Null)
}

#[actix_web::test]
async fn results_match_hand_computed_figures_per_area_collaboration_area_and_event() {
    let app = spawn_with_events(spawn_app().await).await;
    let survey = open_survey(&app, "figures").await;
    let editor = app.token_for(Role::Editor).await;
    post_batch(&app, &editor, &survey, data()).await;
    // Exact figures, unsuppressed: these data nest (all of hus answered about E1,
    // so E1 minus hus is helsinki's 2 there), which suppressed callers never see.
    let q = |query: &str| format!("{query}&year=2023&suppress=false");

    let by_area = results(&app, &editor, &survey, &q("group_by=area")).await;
    assert_eq!(by_area["group_by"], "area");
    assert_eq!(by_area["year"], 2023);
    assert_eq!(by_area["min_group_size"], 5);
    let keys: Vec<&str> =
        by_area["groups"].as_array().unwrap().iter().map(|g| g["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["helsinki", "hus", "varsinais-suomi"]);
    let hus = group(&by_area, "hus");
    assert_eq!(hus["name"]["fi"], "HUS-yhtymä");
    assert_eq!((hus["n"].as_i64(), hus["suppressed"].as_bool()), (Some(6), Some(false)));
    let safe = &hus["questions"]["safe"];
    assert_eq!(safe["n"], 6);
    assert_eq!(safe["mean"].as_f64(), Some(19.0 / 6.0));
    assert_eq!(safe["positive_share"].as_f64(), Some(0.5));
    assert_eq!(safe["distribution"], json!({"1": 1, "2": 1, "3": 1, "4": 2, "5": 1}));
    assert_eq!(hus["questions"]["content"]["mean"].as_f64(), Some(3.0));
    assert_eq!(hus["questions"]["content"]["positive_share"].as_f64(), Some(0.5));
    assert_eq!(hus["questions"]["grade"]["mean"].as_f64(), Some(7.5));
    assert!(hus["questions"]["grade"]["positive_share"].is_null());
    assert_eq!(hus["questions"]["grade"]["distribution"]["1"], 0);
    assert_eq!(hus["questions"]["grade"]["distribution"]["10"], 1);
    let again = &hus["questions"]["again"];
    assert_eq!(again["distribution"], json!({"yes": 4, "no": 2}));
    assert!(again["mean"].is_null() && again["positive_share"].is_null());
    assert!(hus["questions"].get("free").is_none(), "text answers never appear");
    assert!(!by_area.to_string().contains("salainen"));
    assert_eq!(by_area["total"]["n"], 16);
    assert_eq!(by_area["total"]["questions"]["safe"]["mean"].as_f64(), Some(58.0 / 16.0));
    assert_eq!(by_area["total"]["questions"]["safe"]["positive_share"].as_f64(), Some(10.0 / 16.0));

    let by_region = results(&app, &editor, &survey, &q("")).await;
    assert_eq!(by_region["group_by"], "collaboration_area");
    let south = group(&by_region, "etela-suomi");
    assert_eq!(south["name"]["fi"], "Etelä-Suomi");
    assert_eq!(south["n"], 11);
    assert_eq!(south["questions"]["safe"]["mean"].as_f64(), Some(43.0 / 11.0));
    assert_eq!(south["questions"]["safe"]["positive_share"].as_f64(), Some(8.0 / 11.0));
    let west = group(&by_region, "lansi-suomi");
    assert_eq!((west["n"].as_i64(), west["questions"]["safe"]["mean"].as_f64()), (Some(5), Some(3.0)));
    assert_eq!(west["questions"]["content"]["positive_share"].as_f64(), Some(0.2));

    let by_event = results(&app, &editor, &survey, &q("group_by=event")).await;
    let e1 = group(&by_event, E1);
    assert_eq!(e1["name"]["fi"], "Työpaja E1", "event groups are named by the event's title");
    assert_eq!(e1["n"], 8);
    assert_eq!(e1["questions"]["grade"]["mean"].as_f64(), Some(65.0 / 8.0));
    assert_eq!(group(&by_event, E2)["questions"]["grade"]["mean"].as_f64(), Some(60.0 / 8.0));
}

#[actix_web::test]
async fn filters_narrow_results_by_area_event_and_dates() {
    let app = spawn_with_events(spawn_app().await).await;
    let survey = open_survey(&app, "filters").await;
    let editor = app.token_for(Role::Editor).await;
    let mut items = data();
    items.push(json!({"area": "satakunta", "answers": {"safe": 3}}));
    post_batch(&app, &editor, &survey, items).await;
    let ns = |body: &Value| -> Vec<(String, Value)> {
        body["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| (g["key"].as_str().unwrap().to_owned(), g["n"].clone()))
            .collect()
    };
    let q = |query: &'static str| results(&app, &editor, &survey, query);
    let south = q("group_by=area&area=etela-suomi&suppress=false").await;
    assert_eq!(ns(&south), [("helsinki".into(), json!(5)), ("hus".into(), json!(6))]);
    assert_eq!(south["total"]["n"], 11);
    let hus = q("group_by=area&area=hus").await;
    assert_eq!(ns(&hus), [("hus".into(), json!(6))]);
    let e2 = results(&app, &editor, &survey, &format!("group_by=area&event_id={E2}")).await;
    assert_eq!(
        ns(&e2),
        [("helsinki".into(), json!(null)), ("varsinais-suomi".into(), json!(null))],
        "else the total of 8 minus varsinais-suomi's 5 is helsinki's 3"
    );
    assert_eq!(e2["total"]["n"], 8);
    let september = q("group_by=area&from=2023-09-01&to=2023-09-30").await;
    assert_eq!(ns(&september), [("varsinais-suomi".into(), json!(5))]);
    let october = q("group_by=collaboration_area&from=2023-10-18&to=2023-10-18").await;
    assert_eq!(ns(&october), [("etela-suomi".into(), json!(11))]);
    let events = q("group_by=event&suppress=false").await;
    assert_eq!(events["total"]["n"], 16, "responses without an event are left out of event groups");
    let bad_ones = [
        "group_by=planet",
        "from=2023-02-30",
        "from=2023-10-02&to=2023-10-01",
        "area=atlantis",
        "colour=red",
        "year=2023&from=2023-01-01",
        "year=0",
        "year=twenty",
    ];
    for bad in bad_ones {
        assert_problem(app.get(&format!("/api/v1/surveys/{survey}/results?{bad}"), &editor).await, 400).await;
    }
    assert_problem(app.get("/api/v1/surveys/nope/results", &editor).await, 404).await;
    assert_problem(
        app.http.get(app.url(&format!("/api/v1/surveys/{survey}/results"))).send().await.unwrap(),
        401,
    )
    .await;
}

/// Answers of one area: `agree` of `n` respondents at 4 or 5, the others at 2 or 3.
fn pre_assignment(counties: &[&str], n: usize, agree: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let level = if i < agree { 4 + (i % 2) } else { 2 + (i % 2) };
            let area = counties[i % counties.len()];
            json!({"external_id": format!("{area}-{i}"), "area": area, "submitted_at": "2023-08-30T10:00:00Z",
                   "answers": {"would_feel_safe": level, "main_risks": "henkilöstöpula"}})
        })
        .collect()
}

#[actix_web::test]
async fn the_2023_report_is_rebuilt_from_individual_responses_with_the_small_area_suppressed() {
    let app = spawn_with_events(spawn_app().await).await;
    client_safety::surveys::demo::load(&mut app.pool.get().unwrap()).unwrap();
    let viewer = app.token_for(Role::Viewer).await;
    let list = json_ok(app.get("/api/v1/surveys", &viewer).await, 200).await;
    let id_of = |code: &str| {
        list["items"].as_array().unwrap().iter().find(|s| s["code"] == code).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (pre, feedback) = (id_of("pre-assignment-2023"), id_of("feedback-2023"));
    let admin = app.token_for(Role::Admin).await;
    let mut items = pre_assignment(&["varsinais-suomi", "satakunta", "pohjanmaa"], 28, 22);
    items.extend(pre_assignment(&["pirkanmaa", "kanta-hame"], 11, 6));
    items.extend(pre_assignment(&["hus", "helsinki", "vantaa-kerava"], 27, 19));
    items.extend(pre_assignment(&["pohjois-savo", "keski-suomi"], 14, 11));
    items.extend(pre_assignment(&["pohjois-pohjanmaa"], 3, 2));
    post_batch(&app, &admin, &pre, items).await;
    let body = results(&app, &viewer, &pre, "group_by=collaboration_area&year=2023").await;
    let share = |key: &str| group(&body, key)["questions"]["would_feel_safe"]["positive_share"].as_f64();
    assert_eq!(share("lansi-suomi"), Some(22.0 / 28.0));
    assert_eq!(share("sisa-suomi"), Some(6.0 / 11.0));
    assert_eq!(share("etela-suomi"), Some(19.0 / 27.0));
    assert_eq!(share("ita-suomi"), Some(11.0 / 14.0));
    assert_eq!(group(&body, "pohjois-suomi")["suppressed"], true);
    assert!(group(&body, "pohjois-suomi")["n"].is_null());
    assert_eq!(body["total"]["suppressed"], true, "pohjois-suomi cannot be derived from the total");
    assert!(!body.to_string().contains("henkilöstöpula"));

    let feedback_item = |event: &str, content: i64, grade: i64| json!({"area": "hus", "event_id": event, "submitted_at": "2023-10-18T12:00:00Z", "answers": {"content": content, "technical": 4, "overall_grade": grade}});
    let mut items: Vec<Value> =
        (0..10).map(|i| feedback_item(E1, if i < 9 { 4 } else { 3 }, 8 + i % 3)).collect();
    items.extend((0..6).map(|i| feedback_item(E2, if i < 3 { 4 } else { 2 }, 7)));
    post_batch(&app, &admin, &feedback, items).await;
    let by_event = results(&app, &viewer, &feedback, "group_by=event&year=2023").await;
    assert_eq!(group(&by_event, E1)["questions"]["overall_grade"]["mean"].as_f64(), Some(89.0 / 10.0));
    assert_eq!(group(&by_event, E1)["questions"]["content"]["positive_share"].as_f64(), Some(0.9));
    assert_eq!(group(&by_event, E2)["questions"]["overall_grade"]["mean"].as_f64(), Some(7.0));
    assert_eq!(by_event["total"]["questions"]["content"]["positive_share"].as_f64(), Some(12.0 / 16.0));
}
