//! Request bodies, generated before timing: batches as integration systems send
//! them (one organisation and one day per batch, a couple of that region's
//! events), spread over the 23 organisations, 10 events and 30 days.

use std::fmt::Write;

/// An organisation and the two events of its collaboration area.
pub struct Org {
    pub code: String,
    pub events: [String; 2],
}

/// The bench survey: four scale questions.
pub fn survey_body() -> serde_json::Value {
    let q = |code: &str, t: &str| serde_json::json!({"code": code, "type": t, "text": {"fi": code}, "required": true});
    serde_json::json!({
        "code": format!("bench-{}", uuid::Uuid::new_v4().simple()),
        "title": {"fi": "Suorituskykytesti"},
        "kind": "other",
        "status": "open",
        "questions": [q("safe", "likert5"), q("informed", "likert5"), q("content", "rating4"), q("grade", "grade10")]
    })
}

/// xorshift64*: deterministic answers without a dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) % n
    }
}

/// `batches` bodies of `batch` responses each.
pub fn batches(orgs: &[Org], batches: usize, batch: usize) -> Vec<Vec<u8>> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..batches)
        .map(|b| {
            let org = &orgs[b % orgs.len()];
            let day = 1 + (b / orgs.len()) % 30;
            let events = &org.events;
            let mut body = String::with_capacity(batch * 190);
            body.push_str("{\"responses\":[");
            for i in 0..batch {
                if i > 0 {
                    body.push(',');
                }
                let event = match i % 3 {
                    0 => String::new(),
                    k => format!(",\"event_id\":\"{}\"", events[k - 1]),
                };
                let (s, f, c, g) = (1 + rng.below(5), 1 + rng.below(5), 1 + rng.below(4), 1 + rng.below(10));
                let _ = write!(
                    body,
                    "{{\"external_id\":\"b{b:07}-{i:04}\",\"area\":\"{}\"{event},\
                     \"submitted_at\":\"2026-10-{day:02}T{:02}:{:02}:00Z\",\
                     \"answers\":{{\"safe\":{s},\"informed\":{f},\"content\":{c},\"grade\":{g}}}}}",
                    org.code,
                    8 + i % 10,
                    i % 60
                );
            }
            body.push_str("]}");
            body.into_bytes()
        })
        .collect()
}
