//! diesel's view of the tables (both backends share it; see `migrations/`).

diesel::table! {
    areas (code) {
        code -> Text,
        kind -> Text,
        parent_code -> Nullable<Text>,
        name_fi -> Text,
        name_sv -> Nullable<Text>,
        name_en -> Nullable<Text>,
        statistics_code -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    api_clients (id) {
        id -> Text,
        name -> Text,
        role -> Text,
        area_code -> Nullable<Text>,
        secret_hash -> Text,
        active -> Bool,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        actor -> Text,
        action -> Text,
        entity_type -> Text,
        entity_id -> Text,
        before_state -> Nullable<Text>,
        after_state -> Nullable<Text>,
    }
}

diesel::table! {
    idempotency_keys (client_id, idem_key) {
        client_id -> Text,
        idem_key -> Text,
        fingerprint -> Text,
        status -> Integer,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(api_clients -> areas (area_code));
diesel::allow_tables_to_appear_in_same_query!(areas, api_clients, audit_log, idempotency_keys);

diesel::table! {
    surveys (id) {
        id -> Text,
        code -> Text,
        title -> Text,
        kind -> Text,
        status -> Text,
        questions -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    survey_responses (seq) {
        seq -> BigInt,
        id -> Text,
        survey_id -> Text,
        client_id -> Text,
        external_id -> Nullable<Text>,
        event_id -> Nullable<Text>,
        area_code -> Text,
        submitted_at -> Timestamp,
        answers -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    response_counts (survey_id, area_code, event_key, day, question_code, value) {
        survey_id -> Text,
        area_code -> Text,
        event_key -> Text,
        day -> Date,
        question_code -> Text,
        value -> Text,
        count -> BigInt,
    }
}

diesel::table! {
    response_totals (survey_id, area_code, event_key, question_code, value) {
        survey_id -> Text,
        area_code -> Text,
        event_key -> Text,
        question_code -> Text,
        value -> Text,
        count -> BigInt,
    }
}

diesel::joinable!(survey_responses -> surveys (survey_id));
diesel::joinable!(survey_responses -> areas (area_code));
diesel::allow_tables_to_appear_in_same_query!(
    surveys,
    survey_responses,
    response_counts,
    response_totals,
    areas
);
