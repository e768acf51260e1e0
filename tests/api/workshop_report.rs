//! `GET /api/v1/reports/workshops`: the 2023 report rebuilt from individual responses
//! sent through the API, as JSON and as the printable page, in fi/sv/en.

use client_safety::auth::Role;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::*;
use crate::workshop_data::*;

const PATH: &str = "/api/v1/reports/workshops?year=2023";

/// The page as `token` gets it with these headers; checks it is one HTML document.
async fn page(app: &TestApp, path: &str, token: &str, headers: &[(&str, &str)]) -> (String, String) {
    let mut req = app.request(Method::GET, path, token).header("accept", "text/html");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = req.send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/html; charset=utf-8");
    let lang = res.headers()["content-language"].to_str().unwrap().to_owned();
    let body = res.text().await.unwrap();
    assert!(body.starts_with("<!DOCTYPE html>"), "{}", &body[..80.min(body.len())]);
    assert!(!body.contains("<script") && !body.contains("src=") && !body.contains("href="), "self-contained");
    (lang, body)
}

fn assert_has(body: &str, figures: &[&str]) {
    for f in figures {
        assert!(body.contains(f), "`{f}` is missing from the page");
    }
}

fn assert_lacks(body: &str, figures: &[&str]) {
    for f in figures {
        assert!(!body.contains(f), "`{f}` must not be on the page");
    }
}

/// Every figure the 2023 report publishes, as the English page writes it.
const PUBLISHED_EN: [&str; 16] = [
    ">396<",
    "about 315",
    "80 %",
    "(n = 28)",
    "55 %",
    "(n = 11)",
    "70 %",
    "(n = 27)",
    "79 %",
    "(n = 14)",
    "84 %",
    "82 %",
    "8.7",
    "7.7",
    "8.4",
    "51 participants",
];

/// What only Pohjois-Suomi's three answers or the pre-assignment total would reveal.
const HIDDEN: [&str; 5] = ["100 %", "(n = 3)", "74 %", ">83<", ">3<"];

#[actix_web::test]
async fn the_2023_page_shows_every_published_figure_and_nothing_a_viewer_may_not_see() {
    let app = spawn_app().await;
    build_2023(&app).await;
    let viewer = app.token_for(Role::Viewer).await;
    let (lang, en) = page(&app, &format!("{PATH}&lang=en"), &viewer, &[]).await;
    assert_eq!(lang, "en");
    assert_has(&en, &PUBLISHED_EN);
    assert_has(&en, &["Western Finland", "Northern Finland: too few answers to publish a summary.", "<svg"]);
    assert_lacks(&en, &HIDDEN);
    assert_has(
        &en,
        &["Asiakasturvallisuuden kuvaus (en)", "Webinaarien kehittäminen (en)", "Tarkistuslista (en)"],
    );
    assert_lacks(&en, &["Ehdotus ilman tilaisuutta"]);
    let selected = en.find("Selected development measures").unwrap();
    let (first, second) =
        (en.rfind("Asiakasturvallisuuden kuvaus (en)").unwrap(), en.rfind("Webinaarien").unwrap());
    assert!(selected < first && first < second, "measures in their order, after the grid");

    let (lang, fi) = page(&app, PATH, &viewer, &[]).await;
    assert_eq!(lang, "fi", "Finnish without lang or Accept-Language");
    assert_has(
        &fi,
        &["Taulukko 1", "noin 315", "84 %", "82 %", "8,7", "7,7", "8,4", "value=\"8.7\"", "value=\"8.4\""],
    );
    assert_has(
        &fi,
        &["Pohjois-Suomi: ennakkokyselyyn saatiin niin vähän vastauksia, ettei yhteenvetoa julkaistu."],
    );
    assert_lacks(&fi, &HIDDEN);

    let admin = app.token_for(Role::Admin).await;
    let (_, open) = page(&app, &format!("{PATH}&lang=en&suppress=false"), &admin, &[]).await;
    assert_has(&open, &["100 %", "(n = 3)", "74 %", "not for publication"]);
}

#[actix_web::test]
async fn the_2023_json_holds_the_published_figures_in_every_language_and_hides_the_small_area() {
    let app = spawn_app().await;
    let set = build_2023(&app).await;
    let viewer = app.token_for(Role::Viewer).await;
    let res = app.request(Method::GET, PATH, &viewer).header("accept-language", "sv").send().await.unwrap();
    let r = json_ok(res, 200).await;
    assert_eq!(r["events"]["totals"]["registered_count"], 396);
    assert_eq!(r["events"]["totals"]["attended_count"], 315);
    let areas = r["pre_assignment"]["areas"].as_array().unwrap();
    let keys: Vec<&str> = areas.iter().map(|a| a["area"].as_str().unwrap()).collect();
    assert_eq!(
        keys,
        ["lansi-suomi", "sisa-suomi", "etela-suomi", "ita-suomi", "pohjois-suomi"],
        "in event order"
    );
    assert_eq!((areas[0]["n"].clone(), areas[0]["answered"].clone()), (json!(28), json!(25)));
    assert_eq!(areas[0]["positive_share"], 0.8);
    assert_eq!(areas[0]["name"]["sv"], "Västra Finland", "names keep every language");
    let north = &areas[4];
    assert_eq!(
        (north["suppressed"].clone(), north["n"].clone(), north["positive_share"].clone()),
        (json!(true), Value::Null, Value::Null)
    );
    assert_eq!(r["pre_assignment"]["total"]["suppressed"], true, "the total would reveal the small area");
    let fb = &r["feedback"];
    assert_eq!(fb["respondents"], 51);
    let rating = |code: &str| {
        fb["ratings"].as_array().unwrap().iter().find(|q| q["question"]["code"] == code).unwrap().clone()
    };
    assert_eq!(
        (rating("technical")["excellent_good"].clone(), rating("technical")["satisfactory"].clone()),
        (json!(43), json!(8))
    );
    assert_eq!(
        (rating("content")["excellent_good"].clone(), rating("content")["satisfactory"].clone()),
        (json!(42), json!(9))
    );
    let grades = &fb["grades"];
    assert_eq!(grades["events_counted"], 5);
    assert!((grades["mean_of_event_means"].as_f64().unwrap() - 8.396).abs() < 0.001);
    let etela = grades["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["event_id"] == set.events["etela-suomi"])
        .unwrap();
    assert!((etela["mean"].as_f64().unwrap() - 104.0 / 12.0).abs() < 1e-9);
    let orders: Vec<&Value> =
        r["selected_measures"].as_array().unwrap().iter().map(|p| &p["selected_order"]).collect();
    assert_eq!(orders, [&json!(1), &json!(2)]);
    assert_eq!(r["proposals"].as_array().unwrap().len(), 5, "the proposal without a 2023 event is left out");
}

#[actix_web::test]
async fn the_page_language_comes_from_lang_then_accept_language_q_values_then_finnish() {
    let app = spawn_app().await;
    build_2023(&app).await;
    let token = app.token_for(Role::Integration).await;
    let cases = [
        ("", "de, en;q=0.5, sv;q=0.8", "sv", "Förhandsuppgift"),
        ("", "sv;q=0.2, en-GB", "en", "Pre-assignment"),
        ("", "en;q=0, de", "fi", "Ennakkotehtävä"),
        ("&lang=fi", "sv", "fi", "Ennakkotehtävä"),
        ("&lang=sv", "", "sv", "Västra Finland"),
    ];
    for (param, header, want, text) in cases {
        let headers: Vec<(&str, &str)> =
            if header.is_empty() { vec![] } else { vec![("accept-language", header)] };
        let (lang, body) = page(&app, &format!("{PATH}{param}"), &token, &headers).await;
        assert_eq!(lang, want, "{param} / {header}");
        assert!(
            body.contains(&format!("<html lang=\"{want}\">")) && body.contains(text),
            "{param} / {header}"
        );
    }
    let (_, sv) = page(&app, &format!("{PATH}&lang=sv"), &token, &[]).await;
    assert_has(
        &sv,
        &[
            "cirka 315",
            "84 %",
            "8,7",
            "Norra Finland: förhandsenkäten fick så få svar",
            "Evenemangets tekniska genomförande",
        ],
    );
}

#[actix_web::test]
async fn bad_parameters_are_problems_and_unsuppressed_figures_are_for_staff_only() {
    let app = spawn_app().await;
    let viewer = app.token_for(Role::Viewer).await;
    for (q, field) in [
        ("year=2023&lang=de", "lang"),
        ("lang=fi", "year"),
        ("year=1999", "year"),
        ("year=x", "year"),
        ("year=2023&area=x", "area"),
    ] {
        let body =
            assert_problem(app.get(&format!("/api/v1/reports/workshops?{q}"), &viewer).await, 400).await;
        assert!(body["detail"].as_str().unwrap().contains(field), "{q}: {body}");
    }
    assert_problem(app.get(&format!("{PATH}&suppress=false"), &viewer).await, 403).await;
    let csv = app.request(Method::GET, PATH, &viewer).header("accept", "text/csv").send().await.unwrap();
    assert_problem(csv, 406).await;
    assert_problem(app.http.get(app.url(PATH)).send().await.unwrap(), 401).await;
}

#[actix_web::test]
async fn a_year_with_only_a_feedback_survey_shows_what_it_can_and_hides_a_small_event() {
    let app = spawn_app().await;
    let set = build_2023(&app).await;
    let editor = app.token_for(Role::Editor).await;
    let mut ids = Vec::new();
    for (area, day) in [("varsinais-suomi", "2024-09-05"), ("satakunta", "2024-10-01")] {
        let body = json!({"title": {"fi": "Työpaja 2024"}, "area": area, "starts_on": day, "format": "hybrid", "status": "held", "registered_count": 40});
        ids.push(
            json_ok(app.post_json("/api/v1/events", &editor, &body).await, 201).await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let survey = create_survey(&app, &editor, "feedback-2024", "feedback", feedback_questions()).await;
    let answer = |event: &str, area: &str, grade: i64| {
        json!({"area": area, "event_id": event, "submitted_at": "2024-10-02T10:00:00Z",
        "answers": {"technical": 4, "content": 4, "overall_grade": grade}})
    };
    let mut batch: Vec<Value> = (0..6).map(|_| answer(&ids[0], "varsinais-suomi", 9)).collect();
    batch.extend((0..3).map(|_| answer(&ids[1], "satakunta", 2)));
    post_batch(&app, &editor, &survey, batch).await;
    // A late answer to the 2023 survey counts in 2024, not in 2023.
    post_batch(
        &app,
        &editor,
        &set.feedback_survey,
        vec![answer(&set.events["lansi-suomi"], "varsinais-suomi", 1)],
    )
    .await;
    let viewer = app.token_for(Role::Viewer).await;
    let r = json_ok(app.get("/api/v1/reports/workshops?year=2024", &viewer).await, 200).await;
    assert!(r["pre_assignment"].is_null());
    assert_eq!(
        r["feedback"]["survey"]["code"], "feedback-2024",
        "the kind's survey with the most respondents"
    );
    let events = r["feedback"]["grades"]["events"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!((events[1]["suppressed"].clone(), events[1]["mean"].clone()), (json!(true), Value::Null));
    // Suppression is consistent across every table of the year: here the 6 + 3 answers of one
    // collaboration area let the larger event's figure reveal the small one's, so it may go too.
    let shown = events[0]["suppressed"] == json!(false);
    let means = &r["feedback"]["grades"]["mean_of_event_means"];
    if shown {
        assert_eq!(
            (events[0]["mean"].clone(), means.clone()),
            (json!(9.0), json!(9.0)),
            "only published means count"
        );
    } else {
        assert!(events[0]["mean"].is_null() && means.is_null(), "{r}");
    }
    let (_, en) = page(&app, "/api/v1/reports/workshops?year=2024&lang=en", &viewer, &[]).await;
    assert_has(
        &en,
        &["There are no pre-assignment answers for the year.", "too few answers to publish a summary"],
    );
    if shown {
        assert_has(&en, &["9.0"]);
    }
    assert_lacks(&en, &["(n = 3)", "2.0"]);
    let r2023 = json_ok(app.get(PATH, &viewer).await, 200).await;
    assert_eq!(r2023["feedback"]["respondents"], 51, "the 2024 answer is not in 2023");
}
