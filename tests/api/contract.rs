//! What generated clients rely on beyond single resources: one rule for query
//! parameters everywhere (an empty value means the parameter is absent).

use client_safety::auth::Role;

use crate::helpers::*;
use crate::surveys::open_survey;

#[actix_web::test]
async fn an_empty_query_parameter_is_the_same_as_an_absent_one_on_every_list_and_report() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let survey = open_survey(&app, "empty-params").await;
    let routes = [
        ("/api/v1/areas", "kind=&parent=&updated_since="),
        ("/api/v1/events", "area=&from=&to=&status=&cursor=&limit="),
        ("/api/v1/surveys", "cursor=&limit="),
        ("/api/v1/proposals", "category=&tier=&status=&area=&event_id=&parent=&cursor=&limit="),
        ("/api/v1/clients", "cursor=&limit="),
        ("/api/v1/audit", "entity_type=&entity_id=&actor=&from=&to=&cursor=&limit="),
        ("/api/v1/reports/events", "from=&to=&area=&dialect="),
        ("/api/v1/reports/proposals", "category=&tier=&status=&area=&include_sub_proposals="),
        (&format!("/api/v1/surveys/{survey}/responses"), "area=&event_id=&from=&to=&limit=&cursor=&dialect="),
    ];
    for (path, empty) in routes {
        let absent = json_ok(app.get(path, &admin).await, 200).await;
        let res = app.get(&format!("{path}?{empty}"), &admin).await;
        assert_eq!(res.status(), 200, "{path}?{empty}");
        assert_eq!(json_ok(res, 200).await, absent, "{path}?{empty}");
    }
    let problem = assert_problem(app.get("/api/v1/events?limit=0&cursor=", &admin).await, 400).await;
    assert_eq!(error_fields(&problem), ["limit"], "a value that is present is still checked");
}
