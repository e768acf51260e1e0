// The integrator flow of client_flow.py through a second outside generator:
// types from openapi/openapi.json by openapi-typescript, calls through
// openapi-fetch (no hand-edits): token, areas, an event created and PATCHed
// with If-Match, paging, a survey, a batch of responses, results and Table 1.
// Type-checked with `tsc --strict`; run by typescript_client.sh with B,
// ADMIN_ID and ADMIN_SECRET set and the generated `schema.d.ts` beside it.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./schema.js";

// JSON answers only (operations that also offer CSV send JSON by default).
type Api = Client<paths, `${string}/json`>;
type Schemas = components["schemas"];

async function token(base: string): Promise<string> {
    const api = createClient<paths>({ baseUrl: base });
    const { data, error } = await api.POST("/api/v1/auth/token", {
        body: {
            grant_type: "client_credentials",
            client_id: process.env.ADMIN_ID ?? "",
            client_secret: process.env.ADMIN_SECRET ?? "",
        },
    });
    assert.ok(data, JSON.stringify(error));
    return data.access_token;
}

async function eventFlow(api: Api): Promise<void> {
    const areas = await api.GET("/api/v1/areas", { params: { query: { limit: 100 } } });
    assert.ok(areas.data, JSON.stringify(areas.error));
    assert.ok(areas.data.items.some((a: Schemas["AreaResponse"]) => a.code === "hus"));
    const body: Schemas["CreateEventRequest"] = {
        title: { fi: "Asiakastyöpaja" },
        area: "hus",
        starts_on: "2024-05-06",
        format: "hybrid",
        registered_count: 40,
    };
    const created = await api.POST("/api/v1/events", {
        params: { header: { "Idempotency-Key": randomUUID() } },
        body,
    });
    assert.equal(created.response.status, 201, JSON.stringify(created.error));
    assert.ok(created.data);
    const event: Schemas["EventResponse"] = created.data;
    const etag = created.response.headers.get("etag") ?? "";
    const path = { id: event.id };
    const changed = await api.PATCH("/api/v1/events/{id}", {
        params: { path, header: { "If-Match": etag } },
        body: { status: "held", attended_count: 35 },
    });
    assert.equal(changed.response.status, 200, JSON.stringify(changed.error));
    assert.equal(changed.data?.attended_count, 35);
    const stale = await api.PATCH("/api/v1/events/{id}", {
        params: { path, header: { "If-Match": etag } },
        body: { venue: "Sali" },
    });
    assert.equal(stale.response.status, 412);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
        const page = await api.GET("/api/v1/events", { params: { query: { limit: 2, cursor } } });
        assert.ok(page.data, JSON.stringify(page.error));
        seen.push(...page.data.items.map((e: Schemas["EventResponse"]) => e.id));
        if (page.data.next_cursor === null) break;
        cursor = page.data.next_cursor;
    }
    assert.ok(seen.includes(event.id) && new Set(seen).size === seen.length);
    const table = await api.GET("/api/v1/reports/events", {
        params: { query: { from: "2023-01-01", to: "2024-12-31" } },
    });
    assert.ok(table.data, JSON.stringify(table.error));
    assert.ok(table.data.rows.length >= 1 && table.data.totals.events === table.data.rows.length);
}

async function surveyFlow(api: Api): Promise<void> {
    const survey = await api.POST("/api/v1/surveys", {
        params: { header: { "Idempotency-Key": randomUUID() } },
        body: {
            code: `client-${randomUUID().slice(0, 8)}`,
            kind: "feedback",
            title: { fi: "Palaute" },
            status: "open",
            questions: [{ code: "safe", type: "likert5", text: { fi: "Turvallinen" }, required: true }],
        },
    });
    assert.ok(survey.data, JSON.stringify(survey.error));
    const id = survey.data.id;
    const responses: Schemas["ResponseInput"][] = [];
    for (let i = 0; i < 6; i++) {
        responses.push({ area: "hus", answers: { safe: 1 + (i % 5) }, external_id: `r-${i}` });
    }
    const batch = await api.POST("/api/v1/surveys/{id}/responses/batch", {
        params: { path: { id } },
        body: { responses },
    });
    assert.ok(batch.data, JSON.stringify(batch.error));
    assert.equal(batch.data.ids.length, 6);
    const results = await api.GET("/api/v1/surveys/{id}/results", {
        params: { path: { id }, query: { group_by: "area" } },
    });
    assert.ok(results.data, JSON.stringify(results.error));
    assert.equal(results.data.total.n, 6);
}

async function main(): Promise<void> {
    const base = process.env.B ?? "";
    const bearer = await token(base);
    const api = createClient<paths, `${string}/json`>({ baseUrl: base, headers: { Authorization: `Bearer ${bearer}` } });
    await eventFlow(api);
    await surveyFlow(api);
    console.log("generated TypeScript client: the whole flow passed");
}

await main();
