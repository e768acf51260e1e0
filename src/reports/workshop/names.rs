//! Names of the systems-model categories and workflow statuses in fi/sv/en.

use super::negotiate::Lang;
use crate::proposals::{Category, ProposalStatus};

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
    fn every_category_and_status_has_its_own_name_in_each_language() {
        for &c in Category::ALL {
            assert_ne!(category(Lang::En, c), category(Lang::Fi, c));
        }
        for &s in ProposalStatus::ALL {
            assert_ne!(status(Lang::Sv, s), status(Lang::Fi, s));
        }
    }
}
