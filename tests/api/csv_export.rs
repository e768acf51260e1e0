//! Every CSV answer through HTTP: formula neutralisation (OWASP), the `excel`
//! dialect's bytes, parsing back, exact times, and the export's filters,
//! cursor and limit.

use client_safety::auth::Role;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::*;
use crate::reports::csv_records;
use crate::responses::post_batch;
use crate::surveys::open_survey;

/// GETs `path` as CSV: the raw bytes of a 200 answer.
async fn csv_bytes(app: &TestApp, path: &str, token: &str) -> Vec<u8> {
    let res = app.request(Method::GET, path, token).header("accept", "text/csv").send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(res.headers()["content-disposition"].to_str().unwrap().starts_with("attachment; filename="));
    res.bytes().await.unwrap().to_vec()
}

const HOSTILE: [(&str, &str); 8] = [
    ("=HYPERLINK(\"http://evil.example\",\"click\")", "'=HYPERLINK(\"http://evil.example\",\"click\")"),
    ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("Hyvä, \"selkeä\"", "Hyvä, \"selkeä\""),
    ("-12", "-12"),
];

/// A survey with one response per hostile text, all in `hus`; returns its id.
async fn survey_with_hostile_answers(app: &TestApp, admin: &str) -> String {
    let survey = open_survey(app, "hostile").await;
    let items: Vec<Value> = HOSTILE
        .iter()
        .map(|(text, _)| json!({"area": "hus", "answers": {"safe": 3, "free": text}}))
        .collect();
    post_batch(app, admin, &survey, items).await;
    survey
}

#[actix_web::test]
async fn free_text_that_starts_a_formula_is_neutralised_in_the_export_and_parses_back() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let survey = survey_with_hostile_answers(&app, &admin).await;
    let bytes = csv_bytes(&app, &format!("/api/v1/surveys/{survey}/responses"), &admin).await;
    let text = String::from_utf8(bytes).unwrap();
    assert!(!text.starts_with('\u{feff}'), "RFC 4180 by default: no byte-order mark");
    let records = csv_records(&text);
    let free = records[0].iter().position(|h| h == "free").unwrap();
    let got: Vec<&str> = records[1..].iter().map(|r| r[free].as_str()).collect();
    let want: Vec<&str> = HOSTILE.iter().map(|(_, safe)| *safe).collect();
    assert_eq!(got, want);
}

#[actix_web::test]
async fn the_excel_dialect_has_a_bom_semicolons_and_crlf_and_parses_back() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let survey = survey_with_hostile_answers(&app, &admin).await;
    let path = format!("/api/v1/surveys/{survey}/responses?dialect=excel");
    let bytes = csv_bytes(&app, &path, &admin).await;
    assert!(bytes.starts_with(b"\xEF\xBB\xBFid;survey_id;external_id;event_id;area;submitted_at;"));
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.contains(";safe;content;grade;again;free\r\n"), "{text}");
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(text.as_bytes());
    let free: Vec<String> = reader.records().map(|r| r.unwrap()[11].to_owned()).collect();
    assert_eq!(free, HOSTILE.iter().map(|(_, safe)| *safe).collect::<Vec<_>>());
    let table = csv_bytes(&app, "/api/v1/reports/events?dialect=excel", &admin).await;
    assert!(table.starts_with(b"\xEF\xBB\xBFrow;event_id;area;"));
    assert!(table.ends_with(b"total;;;;;;0;0;false;0\r\n"), "{}", String::from_utf8_lossy(&table));
    let proposals = csv_bytes(&app, "/api/v1/reports/proposals?dialect=excel", &admin).await;
    assert_eq!(proposals, b"\xEF\xBB\xBFrow;category;tier;status;count\r\ntotal;;;;0\r\n");
    let plain = csv_bytes(&app, "/api/v1/reports/proposals?dialect=rfc4180", &admin).await;
    assert_eq!(plain, b"row,category,tier,status,count\r\ntotal,,,,0\r\n");
    let problem = assert_problem(app.get("/api/v1/reports/events?dialect=lotus", &admin).await, 400).await;
    assert_eq!(error_fields(&problem), ["dialect"]);
}

#[actix_web::test]
async fn the_export_keeps_fractional_seconds_as_json_does() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let survey = open_survey(&app, "fraction").await;
    let item = json!({"area": "hus", "submitted_at": "2023-10-18T08:30:00.123Z", "answers": {"safe": 3}});
    post_batch(&app, &admin, &survey, vec![item]).await;
    let path = format!("/api/v1/surveys/{survey}/responses");
    let json = json_ok(app.get(&path, &admin).await, 200).await;
    let records = csv_records(&String::from_utf8(csv_bytes(&app, &path, &admin).await).unwrap());
    assert_eq!(records[1][5], "2023-10-18T08:30:00.123Z");
    assert_eq!(json["items"][0]["submitted_at"], records[1][5]);
    assert_eq!(json["items"][0]["created_at"], records[1][6]);
}

#[actix_web::test]
async fn the_export_honours_filters_cursor_and_limit() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let survey = open_survey(&app, "paged").await;
    let items: Vec<Value> = (0..7)
        .map(|i| {
            let area = if i % 2 == 0 { "hus" } else { "satakunta" };
            json!({"area": area, "submitted_at": format!("2023-09-0{}T10:00:00Z", i + 1), "answers": {"safe": 3}})
        })
        .collect();
    let ids = post_batch(&app, &admin, &survey, items).await;
    let base = format!("/api/v1/surveys/{survey}/responses");
    let ids_of = |bytes: Vec<u8>| -> Vec<String> {
        csv_records(&String::from_utf8(bytes).unwrap())[1..].iter().map(|r| r[0].clone()).collect()
    };
    assert_eq!(ids_of(csv_bytes(&app, &base, &admin).await), ids);
    assert_eq!(ids_of(csv_bytes(&app, &format!("{base}?limit=2"), &admin).await), ids[..2]);
    let hus: Vec<String> = ids.iter().step_by(2).cloned().collect();
    assert_eq!(ids_of(csv_bytes(&app, &format!("{base}?area=hus"), &admin).await), hus);
    let days =
        ids_of(csv_bytes(&app, &format!("{base}?from=2023-09-02&to=2023-09-04&limit=2"), &admin).await);
    assert_eq!(days, ids[1..3]);
    let page = json_ok(app.get(&format!("{base}?limit=3"), &admin).await, 200).await;
    let cursor = page["next_cursor"].as_str().unwrap();
    assert_eq!(ids_of(csv_bytes(&app, &format!("{base}?cursor={cursor}"), &admin).await), ids[3..]);
    let satakunta = app.integration_token("satakunta").await;
    let own: Vec<String> = ids.iter().skip(1).step_by(2).cloned().collect();
    assert_eq!(ids_of(csv_bytes(&app, &base, &satakunta).await), own);
    let csv = |q: &str| app.request(Method::GET, &format!("{base}?{q}"), &admin).header("accept", "text/csv");
    assert_problem(csv("limit=0").send().await.unwrap(), 400).await;
    assert_problem(csv("limit=501").send().await.unwrap(), 400).await;
}

#[actix_web::test]
async fn results_as_csv_have_a_row_per_group_and_question_with_suppressed_cells_empty() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let survey = open_survey(&app, "results-csv").await;
    let mut items: Vec<Value> =
        (0..6).map(|i| json!({"area": "hus", "answers": {"safe": 1 + i % 5, "again": "yes"}})).collect();
    items.extend((0..2).map(|_| json!({"area": "satakunta", "answers": {"safe": 5}})));
    post_batch(&app, &admin, &survey, items).await;
    let path = format!("/api/v1/surveys/{survey}/results?group_by=area");
    let json = json_ok(app.get(&path, &admin).await, 200).await;
    let records = csv_records(&String::from_utf8(csv_bytes(&app, &path, &admin).await).unwrap());
    assert_eq!(
        records[0],
        [
            "row",
            "group_key",
            "group_name",
            "group_n",
            "suppressed",
            "question",
            "n",
            "mean",
            "positive_share",
            "distribution"
        ]
    );
    let row = |kind: &str, key: &str, q: &str| {
        records
            .iter()
            .find(|r| r[0] == kind && r[1] == key && r[5] == q)
            .unwrap_or_else(|| panic!("{kind} {key} {q}"))
    };
    let hus = row("group", "hus", "safe");
    assert_eq!(hus[3..5], ["6", "false"]);
    assert_eq!(hus[6], "6");
    assert_eq!(hus[7], json["groups"][0]["questions"]["safe"]["mean"].as_f64().unwrap().to_string());
    assert_eq!(hus[9], "1=2 2=1 3=1 4=1 5=1");
    assert_eq!(row("group", "hus", "again")[9], "yes=6 no=0");
    let small = row("group", "satakunta", "safe");
    assert_eq!(small[3..], ["", "true", "safe", "", "", "", ""], "suppressed: empty, never zero");
    let total = row("total", "", "safe");
    assert_eq!(total[4], "true", "one suppressed group withholds the total");
    assert!(total[6..].iter().all(String::is_empty));
    let codes = json["groups"][0]["questions"].as_object().unwrap().len();
    assert_eq!(records.len(), 1 + 3 * codes, "two groups and the total, each once per question");
    let excel = csv_bytes(&app, &format!("{path}&dialect=excel"), &admin).await;
    assert!(excel.starts_with(b"\xEF\xBB\xBFrow;group_key;group_name;"));
}
