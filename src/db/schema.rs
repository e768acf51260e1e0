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
        doc -> Nullable<Text>,
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
        tokens_valid_after -> Nullable<Timestamp>,
        doc -> Nullable<Text>,
    }
}

diesel::table! {
    health_probe (id) {
        id -> Integer,
        probed_at -> Timestamp,
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
        doc -> Nullable<Text>,
    }
}

diesel::table! {
    changes (seq) {
        seq -> BigInt,
        kind -> Text,
        entity_id -> Text,
        action -> Text,
        version -> Nullable<Integer>,
        changed_at -> Timestamp,
        actor -> Nullable<Text>,
        area_code -> Nullable<Text>,
        survey_id -> Nullable<Text>,
        resource -> Nullable<Text>,
        doc -> Nullable<Text>,
    }
}

diesel::table! {
    changes_horizon (id) {
        id -> Integer,
        pruned_through -> BigInt,
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

diesel::table! {
    events (id) {
        id -> Text,
        title_fi -> Text,
        title_sv -> Nullable<Text>,
        title_en -> Nullable<Text>,
        area_code -> Text,
        city_fi -> Nullable<Text>,
        city_sv -> Nullable<Text>,
        city_en -> Nullable<Text>,
        venue -> Nullable<Text>,
        starts_on -> Date,
        format -> Text,
        status -> Text,
        registered_count -> Nullable<Integer>,
        attended_count -> Nullable<Integer>,
        attended_is_estimate -> Bool,
        workshop_participants -> Nullable<Integer>,
        description_fi -> Nullable<Text>,
        description_sv -> Nullable<Text>,
        description_en -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        doc -> Nullable<Text>,
    }
}

diesel::table! {
    proposals (id) {
        id -> Text,
        title_fi -> Text,
        title_sv -> Nullable<Text>,
        title_en -> Nullable<Text>,
        description_fi -> Nullable<Text>,
        description_sv -> Nullable<Text>,
        description_en -> Nullable<Text>,
        category -> Text,
        tier -> Integer,
        status -> Text,
        parent_id -> Nullable<Text>,
        selected_order -> Nullable<Integer>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        doc -> Nullable<Text>,
    }
}

diesel::table! {
    proposal_events (proposal_id, event_id) {
        proposal_id -> Text,
        event_id -> Text,
    }
}

diesel::table! {
    proposal_areas (proposal_id, area_code) {
        proposal_id -> Text,
        area_code -> Text,
    }
}

diesel::table! {
    proposal_endorsements (proposal_id, area_code) {
        proposal_id -> Text,
        area_code -> Text,
        client_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(events -> areas (area_code));
diesel::joinable!(proposal_events -> proposals (proposal_id));
diesel::joinable!(proposal_events -> events (event_id));
diesel::joinable!(proposal_areas -> proposals (proposal_id));
diesel::joinable!(proposal_endorsements -> proposals (proposal_id));

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
        doc -> Nullable<Text>,
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
        doc -> Nullable<Text>,
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

diesel::table! {
    response_year_counts (survey_id, year, area_code, event_key, question_code, value) {
        survey_id -> Text,
        year -> Integer,
        area_code -> Text,
        event_key -> Text,
        question_code -> Text,
        value -> Text,
        count -> BigInt,
    }
}

diesel::table! {
    webhooks (id) {
        id -> Text,
        client_id -> Text,
        url -> Text,
        types -> Text,
        active -> Bool,
        disabled_reason -> Nullable<Text>,
        secret -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        after_seq -> BigInt,
        failing_since -> Nullable<Timestamp>,
        doc -> Nullable<Text>,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        webhook_id -> Text,
        seq -> Nullable<BigInt>,
        kind -> Text,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Nullable<Timestamp>,
        claimed_until -> Nullable<Timestamp>,
        last_attempt_at -> Nullable<Timestamp>,
        response_status -> Nullable<Integer>,
        duration_ms -> Nullable<Integer>,
        error -> Nullable<Text>,
        created_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(webhook_deliveries -> webhooks (webhook_id));
diesel::joinable!(survey_responses -> surveys (survey_id));
diesel::joinable!(survey_responses -> areas (area_code));

diesel::allow_tables_to_appear_in_same_query!(
    areas,
    api_clients,
    audit_log,
    changes,
    changes_horizon,
    idempotency_keys,
    events,
    proposals,
    proposal_events,
    proposal_areas,
    proposal_endorsements,
    surveys,
    survey_responses,
    response_counts,
    response_totals,
    response_year_counts,
    webhooks,
    webhook_deliveries,
);
