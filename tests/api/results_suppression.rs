//! Small-group suppression in results: primary and secondary suppression, totals,
//! questions few answered, and one suppression shared by every grouping of a year.

use client_safety::auth::Role;
use serde_json::{json, Value};

use crate::helpers::*;
use crate::responses::post_batch;
use crate::results::{group, results, spawn_with_events, E1, E2};
use crate::surveys::open_survey;

/// Posts `n` responses for each (area, n) in 2025, all answering `safe` with 4.
async fn seed_groups(app: &TestApp, survey: &str, groups: &[(&str, usize)]) {
    let admin = app.token_for(Role::Admin).await;
    let items: Vec<Value> = groups
        .iter()
        .flat_map(|(area, n)| {
            (0..*n).map(move |_| {
                json!({"area": area, "submitted_at": "2025-05-05T10:00:00Z", "answers": {"safe": 4, "grade": 7}})
            })
        })
        .collect();
    post_batch(app, &admin, survey, items).await;
}

#[actix_web::test]
async fn exactly_one_small_group_is_suppressed_with_nulls_and_withholds_the_total() {
    let app = spawn_with_events(spawn_app().await).await;
    let survey = open_survey(&app, "one-small").await;
    seed_groups(&app, &survey, &[("hus", 6), ("helsinki", 5), ("satakunta", 4)]).await;
    let viewer = app.token_for(Role::Viewer).await;
    let body = results(&app, &viewer, &survey, "group_by=area&year=2025").await;
    let small = group(&body, "satakunta");
    assert_eq!(small["suppressed"], true);
    assert!(small["n"].is_null() && small["questions"].is_null(), "nulls, never zeros: {small}");
    assert_eq!(small["name"]["fi"], "Satakunnan hyvinvointialue");
    let boundary = group(&body, "helsinki");
    assert_eq!((boundary["suppressed"].as_bool(), boundary["n"].as_i64()), (Some(false), Some(5)));
    assert_eq!(body["total"], json!({"n": null, "suppressed": true, "questions": null}));
    let region = results(&app, &viewer, &survey, "group_by=collaboration_area&year=2025").await;
    assert_eq!(group(&region, "lansi-suomi")["suppressed"], true);
    assert_eq!(region["total"]["suppressed"], true);
}

#[actix_web::test]
async fn all_groups_small_shows_only_a_large_enough_total() {
    let app = spawn_with_events(spawn_app().await).await;
    let survey = open_survey(&app, "all-small").await;
    seed_groups(&app, &survey, &[("hus", 3), ("helsinki", 4)]).await;
    let viewer = app.token_for(Role::Viewer).await;
    let body = results(&app, &viewer, &survey, "group_by=area&year=2025").await;
    assert!(body["groups"].as_array().unwrap().iter().all(|g| g["suppressed"] == true && g["n"].is_null()));
    assert_eq!((body["total"]["n"].as_i64(), body["total"]["suppressed"].as_bool()), (Some(7), Some(false)));
    assert_eq!(body["total"]["questions"]["safe"]["positive_share"].as_f64(), Some(1.0));
}

#[actix_web::test]
async fn a_total_under_the_minimum_is_suppressed_and_staff_may_lift_suppression() {
    let app = spawn_with_events(spawn_app().await).await;
    let survey = open_survey(&app, "total-small").await;
    seed_groups(&app, &survey, &[("hus", 2), ("helsinki", 2)]).await;
    let integration = app.integration_token("hus").await;
    let body = results(&app, &integration, &survey, "group_by=area&year=2025").await;
    assert_eq!(body["total"], json!({"n": null, "suppressed": true, "questions": null}));
    for role in [Role::Viewer, Role::Integration] {
        let token = app.token_for(role).await;
        let res = app.get(&format!("/api/v1/surveys/{survey}/results?suppress=false"), &token).await;
        assert_problem(res, 403).await;
    }
    for role in [Role::Admin, Role::Editor] {
        let token = app.token_for(role).await;
        let open = results(&app, &token, &survey, "group_by=area&suppress=false").await;
        assert_eq!(group(&open, "hus")["n"], 2);
        assert_eq!(group(&open, "hus")["suppressed"], false);
        assert_eq!(open["total"]["n"], 4);
    }
}

#[actix_web::test]
async fn a_question_few_answered_inside_a_visible_group_is_suppressed_too() {
    let app = spawn_with_events(spawn_app().await).await;
    let survey = open_survey(&app, "few-answers").await;
    let admin = app.token_for(Role::Admin).await;
    let at = "2025-05-05T10:00:00Z";
    let mut items: Vec<Value> = (0..6)
        .map(|i| json!({"area": "hus", "submitted_at": at, "answers": {"safe": 4, "grade": if i < 3 { json!(9) } else { json!(null) }}}))
        .collect();
    items.extend(
        (0..5).map(|_| json!({"area": "helsinki", "submitted_at": at, "answers": {"safe": 2, "grade": 5}})),
    );
    post_batch(&app, &admin, &survey, items).await;
    let viewer = app.token_for(Role::Viewer).await;
    let body = results(&app, &viewer, &survey, "group_by=area&year=2025").await;
    let hus = group(&body, "hus");
    assert_eq!(hus["n"], 6);
    assert_eq!(hus["questions"]["safe"]["n"], 6);
    assert_eq!(
        hus["questions"]["grade"],
        json!({"n": null, "mean": null, "distribution": null, "positive_share": null, "suppressed": true})
    );
    assert_eq!(body["total"]["n"], 11);
    assert_eq!(body["total"]["questions"]["safe"]["mean"].as_f64(), Some(34.0 / 11.0));
    let region = results(&app, &viewer, &survey, "group_by=collaboration_area&year=2025").await;
    let grades = |g: &Value| g["questions"]["grade"]["n"].as_i64();
    let (total, south, helsinki) =
        (grades(&body["total"]), grades(group(&region, "etela-suomi")), grades(group(&body, "helsinki")));
    assert!(
        helsinki.is_none() || (total.is_none() && south.is_none()),
        "the total's ({total:?}) or etela-suomi's ({south:?}) grades minus helsinki's ({helsinki:?}) are hus's 3"
    );
    assert_eq!((total, south, helsinki), (Some(8), Some(8), None), "helsinki's grades go, the totals stay");
}

#[actix_web::test]
async fn the_minimum_group_size_is_configurable() {
    let app = spawn_with_events(spawn_with(TestDb::create(), |s| s.min_group_size = 3).await).await;
    let survey = open_survey(&app, "min-three").await;
    seed_groups(&app, &survey, &[("hus", 3), ("satakunta", 2), ("pohjanmaa", 2)]).await;
    let body = results(&app, &app.token_for(Role::Viewer).await, &survey, "group_by=area&year=2025").await;
    assert_eq!(body["min_group_size"], 3);
    assert_eq!(group(&body, "hus")["n"], 3);
    assert_eq!(group(&body, "satakunta")["suppressed"], true);
    assert_eq!(body["total"]["n"], 7);
}

#[actix_web::test]
async fn a_lone_small_organisation_takes_a_sibling_along_and_no_grouping_reveals_it_by_subtraction() {
    let app = spawn_with_events(spawn_app().await).await;
    let survey = open_survey(&app, "secondary").await;
    let groups = [("hus", 6), ("helsinki", 5), ("varsinais-suomi", 20), ("satakunta", 6), ("pohjanmaa", 3)];
    seed_groups(&app, &survey, &groups).await;
    seed_groups(&app, &survey, &[("pirkanmaa", 2), ("kanta-hame", 2)]).await;
    let viewer = app.token_for(Role::Viewer).await;
    let by_area = results(&app, &viewer, &survey, "group_by=area&year=2025").await;
    assert_eq!(group(&by_area, "pohjanmaa")["suppressed"], true);
    assert_eq!(
        group(&by_area, "satakunta")["suppressed"],
        true,
        "else lansi-suomi minus its visible counties is pohjanmaa"
    );
    assert_eq!(group(&by_area, "varsinais-suomi")["n"], 20);
    assert_eq!(group(&by_area, "hus")["n"], 6);
    assert_eq!(
        by_area["total"]["suppressed"], true,
        "else the total minus the visible regions is sisa-suomi"
    );
    let by_region = results(&app, &viewer, &survey, "group_by=collaboration_area&year=2025").await;
    assert_eq!(group(&by_region, "lansi-suomi")["n"], 29);
    assert_eq!(group(&by_region, "sisa-suomi")["suppressed"], true);
    assert_eq!(by_region["total"]["suppressed"], true);
    let admin = app.token_for(Role::Admin).await;
    let west = results(&app, &admin, &survey, "group_by=area&area=lansi-suomi").await;
    assert_eq!(west["total"]["n"], 29, "two suppressed counties holding 9 together may show in a total");
    assert_problem(
        app.get(&format!("/api/v1/surveys/{survey}/results?area=lansi-suomi&year=2025"), &viewer).await,
        403,
    )
    .await;
}

#[actix_web::test]
async fn every_grouping_of_a_year_shows_the_same_total_and_hides_what_another_grouping_would_reveal() {
    let app = spawn_with_events(spawn_app().await).await;
    let survey = open_survey(&app, "events-total").await;
    let admin = app.token_for(Role::Admin).await;
    // Two large events; one lone small county (lappi, alone in pohjois-suomi) at E2 beside varsinais-suomi.
    let item = |area: &str, event: &str, grade: i64| json!({"area": area, "event_id": event, "submitted_at": "2025-05-05T10:00:00Z", "answers": {"safe": 4, "grade": grade}});
    let mut items: Vec<Value> = (0..8).map(|_| item("hus", E1, 9)).collect();
    items.extend((0..6).map(|_| item("varsinais-suomi", E2, 7)));
    items.extend((0..2).map(|_| item("lappi", E2, 5)));
    post_batch(&app, &admin, &survey, items).await;
    let viewer = app.token_for(Role::Viewer).await;

    let by_area = results(&app, &viewer, &survey, "group_by=area&year=2025").await;
    assert_eq!(group(&by_area, "lappi")["suppressed"], true);
    assert_eq!(
        group(&by_area, "varsinais-suomi")["suppressed"],
        true,
        "else E2 minus varsinais-suomi is lappi"
    );
    assert_eq!(group(&by_area, "hus")["n"], 8);
    assert_eq!(by_area["total"]["n"], 16, "two hidden counties of 8 together: the total reveals neither");

    let by_event = results(&app, &viewer, &survey, "group_by=event&year=2025").await;
    assert_eq!(group(&by_event, E1)["n"], 8);
    assert_eq!(group(&by_event, E2)["n"], 8);
    assert_eq!(by_event["total"]["n"], 16);
    assert_eq!(by_event["total"]["questions"]["grade"]["mean"].as_f64(), Some((72.0 + 42.0 + 10.0) / 16.0));
    let by_region = results(&app, &viewer, &survey, "group_by=collaboration_area&year=2025").await;
    assert_eq!(group(&by_region, "lansi-suomi")["suppressed"], true, "lansi-suomi is varsinais-suomi");
    assert_eq!(by_region["total"], by_area["total"], "one suppression for every table of the year");
}
