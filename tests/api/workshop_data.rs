//! A hidden data set consistent with the 2023 workshop report, built through the API:
//! five workshops with Table 1's headcounts, the two surveys, individual responses
//! whose results are the report's published figures (shares per area, 84 % / 82 %,
//! grades 8.7 / 7.7, mean of means 8.4) with Pohjois-Suomi's pre-assignment too
//! small to publish, and a few proposals, two of them selected.

use std::collections::HashMap;

use serde_json::{json, Value};

use crate::helpers::*;

/// (collaboration area, county answering for it, city fi/sv, day, registered, attended).
pub const WORKSHOPS: [(&str, &str, &str, &str, &str, i64, i64); 5] = [
    ("lansi-suomi", "varsinais-suomi", "Turku", "Åbo", "2023-09-06", 131, 100),
    ("sisa-suomi", "pirkanmaa", "Tampere", "Tammerfors", "2023-09-20", 71, 55),
    ("etela-suomi", "hus", "Helsinki", "Helsingfors", "2023-10-18", 88, 70),
    ("ita-suomi", "pohjois-savo", "Kuopio", "Kuopio", "2023-10-30", 58, 45),
    ("pohjois-suomi", "pohjois-pohjanmaa", "Oulu", "Uleåborg", "2023-11-17", 48, 45),
];

/// Pre-assignment answers per area: (value, how many), then respondents who skipped the question.
/// Länsi 20/25 = 80 % (n = 28), Sisä 6/11 = 55 %, Etelä 19/27 = 70 %, Itä 11/14 = 79 %;
/// Pohjois-Suomi's 3 (all 5: a 100 % nobody may publish) are too few.
pub const PRE: [(&[(i64, usize)], usize); 5] = [
    (&[(5, 8), (4, 12), (3, 3), (2, 2)], 3),
    (&[(5, 2), (4, 4), (3, 3), (2, 2)], 0),
    (&[(5, 9), (4, 10), (3, 5), (2, 3)], 0),
    (&[(5, 4), (4, 7), (3, 2), (1, 1)], 0),
    (&[(5, 3)], 0),
];

/// Overall grades per workshop: (grade, how many). Means 8.5, 8.5, 8.67, 8.6, 7.71;
/// their mean 8.4. 51 respondents in all.
pub const GRADES: [&[(i64, usize)]; 5] =
    [&[(8, 7), (9, 7)], &[(8, 4), (9, 4)], &[(8, 4), (9, 8)], &[(8, 4), (9, 6)], &[(7, 2), (8, 5)]];

/// What the set created.
pub struct Report2023 {
    /// Event id per collaboration area.
    pub events: HashMap<&'static str, String>,
    pub feedback_survey: String,
}

fn expand(dist: &[(i64, usize)]) -> Vec<i64> {
    dist.iter().flat_map(|(v, k)| std::iter::repeat_n(*v, *k)).collect()
}

async fn create_events(app: &TestApp, editor: &str) -> HashMap<&'static str, String> {
    let mut events = HashMap::new();
    for (area, _, fi, sv, day, registered, attended) in WORKSHOPS {
        let body = json!({"title": {"fi": format!("Asiakasturvallisuustyöpaja, {fi}")}, "area": area,
            "city": {"fi": fi, "sv": sv}, "starts_on": day, "format": "hybrid", "status": "held",
            "registered_count": registered, "attended_count": attended, "attended_is_estimate": true});
        let ev = json_ok(app.post_json("/api/v1/events", editor, &body).await, 201).await;
        events.insert(area, ev["id"].as_str().unwrap().to_owned());
    }
    events
}

pub async fn create_survey(app: &TestApp, editor: &str, code: &str, kind: &str, questions: Value) -> String {
    let body = json!({"code": code, "kind": kind, "status": "open",
        "title": {"fi": code, "en": code}, "questions": questions});
    json_ok(app.post_json("/api/v1/surveys", editor, &body).await, 201).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

pub fn feedback_questions() -> Value {
    json!([
        {"code": "content", "type": "rating4", "text": {"fi": "Tilaisuuden sisältö", "sv": "Evenemangets innehåll", "en": "Content of the event"}},
        {"code": "technical", "type": "rating4", "text": {"fi": "Tilaisuuden tekninen toteutus", "sv": "Evenemangets tekniska genomförande", "en": "Technical execution of the event"}},
        {"code": "overall_grade", "type": "grade10", "text": {"fi": "Kokonaisarvosana (1–10)", "en": "Overall grade (1–10)"}},
        {"code": "open_feedback", "type": "text", "text": {"fi": "Avoin palaute"}}
    ])
}

pub async fn post_batch(app: &TestApp, token: &str, survey: &str, responses: Vec<Value>) {
    let path = format!("/api/v1/surveys/{survey}/responses/batch");
    json_ok(app.post_json(&path, token, &json!({"responses": responses})).await, 201).await;
}

fn pre_responses() -> Vec<Value> {
    let mut out = Vec::new();
    for ((_, county, ..), (dist, skipped)) in WORKSHOPS.iter().zip(PRE) {
        let answered = expand(dist).into_iter().map(|v| json!({"would_feel_safe": v, "main_risks": "kiire"}));
        let silent = (0..skipped).map(|_| json!({"main_risks": "henkilöstöpula"}));
        for answers in answered.chain(silent) {
            out.push(json!({"area": county, "submitted_at": "2023-08-28T09:00:00Z", "answers": answers}));
        }
    }
    out
}

/// 43 of 51 rate the technical side 4 and 8 rate it 3; 42 rate the content 4 and 9 rate it 3.
fn feedback_responses(events: &HashMap<&'static str, String>) -> Vec<Value> {
    let mut out = Vec::new();
    for ((area, county, ..), grades) in WORKSHOPS.iter().zip(GRADES) {
        for grade in expand(grades) {
            let i = out.len();
            let answers = json!({"technical": if i < 8 { 3 } else { 4 }, "content": if i >= 42 { 3 } else { 4 },
                "overall_grade": grade, "open_feedback": "Hyvä tilaisuus"});
            out.push(json!({"area": county, "event_id": events[area], "submitted_at": "2023-11-20T12:00:00Z", "answers": answers}));
        }
    }
    out
}

/// Proposals: two selected measures, a sub-proposal, a prioritized and a proposed one,
/// linked to the workshops; and one linked to no event, which the report leaves out.
async fn create_proposals(app: &TestApp, editor: &str, events: &HashMap<&'static str, String>) {
    let all: Vec<&String> = events.values().collect();
    let post = |title: &'static str, category: &'static str, tier: i64, extra: Value| {
        let mut body = json!({"title": {"fi": title, "en": format!("{title} (en)")}, "category": category, "tier": tier, "event_ids": all});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        let body = body.clone();
        async move { json_ok(app.post_json("/api/v1/proposals", editor, &body).await, 201).await }
    };
    post(
        "Asiakasturvallisuuden kuvaus",
        "organisation_management",
        1,
        json!({"status": "selected", "selected_order": 1}),
    )
    .await;
    let webinars = post(
        "Webinaarien kehittäminen",
        "competence_practices",
        1,
        json!({"status": "selected", "selected_order": 2}),
    )
    .await;
    post("Konfliktitilanteiden tunnistaminen", "client_factors", 1, json!({"parent": webinars["id"]})).await;
    post("Tarkistuslista", "safeguards", 2, json!({"status": "prioritized"})).await;
    post("Tietosuojakysymykset", "environment_systems", 3, json!({})).await;
    post("Ehdotus ilman tilaisuutta", "human_error", 3, json!({"event_ids": []})).await;
}

/// Builds the whole 2023 data set through the API.
pub async fn build_2023(app: &TestApp) -> Report2023 {
    let editor = app.token_for(client_safety::auth::Role::Editor).await;
    let events = create_events(app, &editor).await;
    let pre_q = json!([
        {"code": "would_feel_safe", "type": "likert5", "text": {"fi": "Minulla olisi turvallinen olo, jos olisin asiakkaana/potilaana omassa yksikössäni.", "en": "I would feel safe if I were a client/patient in my own unit."}},
        {"code": "main_risks", "type": "text", "text": {"fi": "Riskit"}}
    ]);
    let pre = create_survey(app, &editor, "pre-assignment-2023", "pre_assignment", pre_q).await;
    let feedback = create_survey(app, &editor, "feedback-2023", "feedback", feedback_questions()).await;
    post_batch(app, &editor, &pre, pre_responses()).await;
    post_batch(app, &editor, &feedback, feedback_responses(&events)).await;
    create_proposals(app, &editor, &events).await;
    Report2023 { events, feedback_survey: feedback }
}
