//! Every heading and sentence of the page in Finnish, Swedish and English.
//! `{name}` marks where a figure or name goes (see `fill`).

use super::negotiate::Lang;
use crate::proposals::{Category, ProposalStatus};

/// The page's texts in one language.
pub struct Texts {
    pub title: &'static str,
    pub organiser: &'static str,
    pub period: &'static str,
    pub events_held: &'static str,
    pub compiled: &'static str,
    pub suppression: &'static str,
    pub unsuppressed: &'static str,
    pub table1: &'static str,
    pub col_area: &'static str,
    pub col_place: &'static str,
    pub col_date: &'static str,
    pub col_registered: &'static str,
    pub col_attended: &'static str,
    pub total: &'static str,
    pub about: &'static str,
    pub no_events: &'static str,
    pub pre_heading: &'static str,
    pub pre_intro: &'static str,
    pub pre_caption: &'static str,
    pub col_collab_area: &'static str,
    pub col_respondents: &'static str,
    pub col_answered: &'static str,
    pub col_agree: &'static str,
    pub all_areas: &'static str,
    /// In a chart row or table cell of an unpublished area.
    pub too_few: &'static str,
    /// The report's sentence for an unpublished area (`{area}`).
    pub too_few_area: &'static str,
    pub no_pre: &'static str,
    pub feedback_heading: &'static str,
    pub feedback_intro: &'static str,
    pub feedback_withheld: &'static str,
    pub ratings_caption: &'static str,
    /// Excellent/good, satisfactory, passable, poor.
    pub levels: [&'static str; 4],
    pub col_question: &'static str,
    /// `{question}`, `{count}`, `{pct}`, `{satisfactory}`.
    pub rating_sentence: &'static str,
    pub grades_caption: &'static str,
    pub col_event: &'static str,
    pub col_mean: &'static str,
    /// `{hi}`, `{hi_event}`, `{lo}`, `{lo_event}`, `{k}`, `{mean}`.
    pub grades_sentence: &'static str,
    pub mean_marker: &'static str,
    pub mean_of_means: &'static str,
    pub no_feedback: &'static str,
    pub appendix_heading: &'static str,
    pub appendix_intro: &'static str,
    pub col_category: &'static str,
    pub tier: &'static str,
    pub tiers: [&'static str; 3],
    pub part_of: &'static str,
    pub no_proposals: &'static str,
    pub measures_heading: &'static str,
    pub no_measures: &'static str,
    pub status_label: &'static str,
}

const FI: Texts = Texts {
    title: "Raportti asiakasturvallisuuden työpajoista sosiaali- ja terveydenhuollon yhteistyöalueilla vuonna {year}",
    organiser: "Asiakas- ja potilasturvallisuuskeskus",
    period: "Ajanjakso",
    events_held: "Tilaisuudet pidettiin {from}–{to}.",
    compiled: "Koottu palvelun tiedoista {date}.",
    suppression: "Alle {min} vastaajan ryhmistä ei julkaista lukuja.",
    unsuppressed: "Pienten ryhmien luvut näytetään: ei julkaistavaksi.",
    table1: "Taulukko 1: Työpajojen ajat ja paikat sekä osanottajamäärä",
    col_area: "Alue",
    col_place: "Paikka",
    col_date: "Aika",
    col_registered: "Ilmoittautuneita",
    col_attended: "Osallistujia",
    total: "Yhteensä",
    about: "noin",
    no_events: "Vuodelle ei ole kirjattu tilaisuuksia.",
    pre_heading: "Ennakkotehtävä",
    pre_intro: "Ilmoittautuneita pyydettiin ottamaan kantaa väittämään:",
    pre_caption: "Jokseenkin tai täysin samaa mieltä olleiden osuus yhteistyöalueittain",
    col_collab_area: "Yhteistyöalue",
    col_respondents: "Vastaajia (n)",
    col_answered: "Vastasi väittämään",
    col_agree: "Samaa mieltä",
    all_areas: "Kaikki alueet",
    too_few: "niin vähän vastauksia, ettei yhteenvetoa julkaistu",
    too_few_area: "{area}: ennakkokyselyyn saatiin niin vähän vastauksia, ettei yhteenvetoa julkaistu.",
    no_pre: "Vuodelta ei ole ennakkotehtävän vastauksia.",
    feedback_heading: "Palaute tilaisuuksista",
    feedback_intro: "Palautetta antoi yhteensä {n} osanottajaa.",
    feedback_withheld: "Palautekyselyyn saatiin niin vähän vastauksia, ettei yhteenvetoa julkaistu.",
    ratings_caption: "Arviot asteikolla kiitettävä/hyvä – tyydyttävä – välttävä – heikko",
    levels: ["kiitettävä/hyvä", "tyydyttävä", "välttävä", "heikko"],
    col_question: "Arvioitava",
    rating_sentence: "{question}: kiitettäväksi/hyväksi arvioi {count} vastaajaa ({pct}) ja tyydyttäväksi {satisfactory} vastaajaa.",
    grades_caption: "Kokonaisarvosana (1–10) tilaisuuksittain",
    col_event: "Tilaisuus",
    col_mean: "Keskiarvo",
    grades_sentence: "Korkein yleisarvosana oli {hi} ({hi_event}) ja heikoin {lo} ({lo_event}). Tilaisuuksien ({k}) yleisarvosanojen keskiarvoksi tuli {mean}.",
    mean_marker: "keskiarvo {mean}",
    mean_of_means: "Tilaisuuksien keskiarvojen keskiarvo",
    no_feedback: "Vuodelta ei ole palautekyselyn vastauksia.",
    appendix_heading: "Liite 1: Kehittämisehdotukset systeemimallin luokittain ja tasoittain",
    appendix_intro: "Ehdotukset on jäsennetty systeemilähtöisen vaaratapahtumamallin (Vincent 2010) mukaan; kunkin perässä sen tila.",
    col_category: "Luokka",
    tier: "Taso",
    tiers: [
        "Asiakas- ja potilasturvallisuuskeskus voi ottaa tehtäväkseen",
        "Keskus tukee valmistelussa olevilla työkaluilla tai olemassa olevissa verkostoissa",
        "Teemaa on tarkoituksenmukaista työstää muissa verkostoissa",
    ],
    part_of: "osa ehdotusta",
    no_proposals: "Vuoden tilaisuuksiin ei ole liitetty kehittämisehdotuksia.",
    measures_heading: "Valitut kehittämistoimenpiteet",
    no_measures: "Kehittämistoimenpiteitä ei ole vielä valittu.",
    status_label: "tila",
};

const SV: Texts = Texts {
    title: "Rapport om workshopparna om klientsäkerhet inom social- och hälsovårdens samarbetsområden år {year}",
    organiser: "Centret för klient- och patientsäkerhet",
    period: "Period",
    events_held: "Evenemangen hölls {from}–{to}.",
    compiled: "Sammanställd ur tjänstens uppgifter {date}.",
    suppression: "Siffror för grupper med färre än {min} svarande publiceras inte.",
    unsuppressed: "Siffrorna för små grupper visas: inte för publicering.",
    table1: "Tabell 1: Workshopparnas tider och platser samt antal deltagare",
    col_area: "Område",
    col_place: "Ort",
    col_date: "Datum",
    col_registered: "Anmälda",
    col_attended: "Deltagare",
    total: "Totalt",
    about: "cirka",
    no_events: "Inga evenemang har registrerats för året.",
    pre_heading: "Förhandsuppgift",
    pre_intro: "De anmälda ombads ta ställning till påståendet:",
    pre_caption: "Andel som var delvis eller helt av samma åsikt, per samarbetsområde",
    col_collab_area: "Samarbetsområde",
    col_respondents: "Svarande (n)",
    col_answered: "Svarade på påståendet",
    col_agree: "Av samma åsikt",
    all_areas: "Alla områden",
    too_few: "för få svar för att publicera en sammanfattning",
    too_few_area: "{area}: förhandsenkäten fick så få svar att ingen sammanfattning publicerades.",
    no_pre: "Det finns inga svar på förhandsuppgiften för året.",
    feedback_heading: "Respons på evenemangen",
    feedback_intro: "Totalt {n} deltagare gav respons.",
    feedback_withheld: "Responsenkäten fick så få svar att ingen sammanfattning publicerades.",
    ratings_caption: "Bedömningar på skalan berömlig/god – nöjaktig – hjälplig – svag",
    levels: ["berömlig/god", "nöjaktig", "hjälplig", "svag"],
    col_question: "Bedömt",
    rating_sentence: "{question}: {count} svarande ({pct}) bedömde den som berömlig/god och {satisfactory} som nöjaktig.",
    grades_caption: "Helhetsvitsord (1–10) per evenemang",
    col_event: "Evenemang",
    col_mean: "Medelvärde",
    grades_sentence: "Det högsta helhetsvitsordet var {hi} ({hi_event}) och det lägsta {lo} ({lo_event}). Medelvärdet av evenemangens ({k}) vitsord blev {mean}.",
    mean_marker: "medelvärde {mean}",
    mean_of_means: "Medelvärdet av evenemangens medelvärden",
    no_feedback: "Det finns inga svar på responsenkäten för året.",
    appendix_heading: "Bilaga 1: Utvecklingsförslag enligt systemmodellens kategori och nivå",
    appendix_intro: "Förslagen är ordnade enligt den systembaserade modellen för negativa händelser (Vincent 2010); efter varje förslag dess status.",
    col_category: "Kategori",
    tier: "Nivå",
    tiers: [
        "Centret för klient- och patientsäkerhet kan ta sig an uppgiften",
        "Centret stöder med verktyg under beredning eller i befintliga nätverk",
        "Temat bearbetas lämpligast i andra nätverk",
    ],
    part_of: "del av förslaget",
    no_proposals: "Inga utvecklingsförslag är kopplade till årets evenemang.",
    measures_heading: "Valda utvecklingsåtgärder",
    no_measures: "Inga utvecklingsåtgärder har valts ännu.",
    status_label: "status",
};

const EN: Texts = Texts {
    title: "Report on the client-safety workshops in the social and health care collaborative areas, {year}",
    organiser: "Finnish Centre for Client and Patient Safety",
    period: "Period",
    events_held: "The events were held {from} – {to}.",
    compiled: "Compiled from the service's data on {date}.",
    suppression: "Figures for groups of fewer than {min} respondents are not published.",
    unsuppressed: "Figures of small groups are shown: not for publication.",
    table1: "Table 1: Dates, places and attendance of the workshops",
    col_area: "Area",
    col_place: "Place",
    col_date: "Date",
    col_registered: "Registered",
    col_attended: "Attended",
    total: "Total",
    about: "about",
    no_events: "No events are recorded for the year.",
    pre_heading: "Pre-assignment",
    pre_intro: "Those who registered were asked to respond to the statement:",
    pre_caption: "Share who somewhat or fully agreed, by collaboration area",
    col_collab_area: "Collaboration area",
    col_respondents: "Respondents (n)",
    col_answered: "Answered the statement",
    col_agree: "Agree",
    all_areas: "All areas",
    too_few: "too few answers to publish a summary",
    too_few_area: "{area}: too few answers to publish a summary.",
    no_pre: "There are no pre-assignment answers for the year.",
    feedback_heading: "Feedback on the events",
    feedback_intro: "{n} participants gave feedback.",
    feedback_withheld: "Too few answers to the feedback survey to publish a summary.",
    ratings_caption: "Ratings on the scale excellent/good – satisfactory – passable – poor",
    levels: ["excellent/good", "satisfactory", "passable", "poor"],
    col_question: "Rated",
    rating_sentence: "{question}: {count} respondents ({pct}) rated it excellent/good and {satisfactory} satisfactory.",
    grades_caption: "Overall grade (1–10) by event",
    col_event: "Event",
    col_mean: "Mean",
    grades_sentence: "The highest overall grade was {hi} ({hi_event}) and the lowest {lo} ({lo_event}). The mean of the {k} events' overall grades was {mean}.",
    mean_marker: "mean {mean}",
    mean_of_means: "Mean of the event means",
    no_feedback: "There are no feedback answers for the year.",
    appendix_heading: "Appendix 1: Development proposals by systems-model category and tier",
    appendix_intro: "The proposals are arranged by the systems model of incident causation (Vincent 2010); each is followed by its status.",
    col_category: "Category",
    tier: "Tier",
    tiers: [
        "The Centre can take this on itself",
        "The Centre supports with tools in preparation or in existing networks",
        "Better worked on in other networks",
    ],
    part_of: "part of",
    no_proposals: "No development proposals are linked to the year's events.",
    measures_heading: "Selected development measures",
    no_measures: "No development measures have been selected yet.",
    status_label: "status",
};

/// The texts of `lang`.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Fi => &FI,
        Lang::Sv => &SV,
        Lang::En => &EN,
    }
}

/// `template` with each `{key}` replaced by its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(template.to_owned(), |s, (k, v)| s.replace(&format!("{{{k}}}"), v))
}

/// A systems-model category's name.
pub fn category(lang: Lang, c: Category) -> &'static str {
    use Category::*;
    let [fi, sv, en] = match c {
        OrganisationManagement => [
            "Organisaation prosessit ja johtaminen",
            "Organisationens processer och ledning",
            "Organisational processes and management",
        ],
        CompetencePractices => [
            "Osaaminen, toimintatavat, yhteistyö, työmenetelmät ja ohjeistus",
            "Kompetens, arbetssätt, samarbete, arbetsmetoder och anvisningar",
            "Competence, practices, cooperation, working methods and guidance",
        ],
        EnvironmentSystems => [
            "Työympäristö, laitteet, tarvikkeet, järjestelmät",
            "Arbetsmiljö, utrustning, förnödenheter, system",
            "Work environment, equipment, supplies and systems",
        ],
        ClientFactors => {
            ["Asiakas- ja potilastekijät", "Klient- och patientfaktorer", "Client and patient factors"]
        }
        HumanError => [
            "Inhimilliset virheet, erehdykset ja laiminlyönnit",
            "Mänskliga fel, misstag och försummelser",
            "Human errors, mistakes and omissions",
        ],
        Safeguards => ["Suojaukset", "Skydd", "Safeguards"],
    };
    pick(lang, [fi, sv, en])
}

/// A workflow status's name.
pub fn status(lang: Lang, s: ProposalStatus) -> &'static str {
    use ProposalStatus::*;
    let names = match s {
        Proposed => ["ehdotettu", "föreslagen", "proposed"],
        Prioritized => ["priorisoitu", "prioriterad", "prioritized"],
        Selected => ["valittu", "vald", "selected"],
        InProgress => ["käynnissä", "pågår", "in progress"],
        Done => ["valmis", "klar", "done"],
        Rejected => ["hylätty", "avvisad", "rejected"],
    };
    pick(lang, names)
}

fn pick(lang: Lang, [fi, sv, en]: [&'static str; 3]) -> &'static str {
    match lang {
        Lang::Fi => fi,
        Lang::Sv => sv,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_every_placeholder() {
        assert_eq!(fill("{a} ja {b}, {a}", &[("a", "1"), ("b", "2")]), "1 ja 2, 1");
    }

    #[test]
    fn every_language_names_every_category_and_status_differently_from_finnish_where_it_should() {
        for c in Category::ALL {
            assert_ne!(category(Lang::En, c), category(Lang::Fi, c));
        }
        for s in ProposalStatus::ALL {
            assert_ne!(status(Lang::Sv, s), status(Lang::Fi, s));
        }
        assert!(texts(Lang::En).too_few.contains("too few answers to publish a summary"));
        assert!(texts(Lang::Fi).too_few_area.contains("ettei yhteenvetoa julkaistu"));
    }
}
