//! Names that are also common words, or that name different things ("Chad", "Jordan",
//! "Georgia", "Turkey", "Nice", "Mobile", "Reading", "Bath", "Of", "May", "Will"): each sentence
//! below is one document, with every mention nerx must find in it, in text order, as
//! `TYPE:text` (the first three letters of the type). An empty list means nothing is a name.
//! Both the hits and the non-hits are asserted.

use std::sync::OnceLock;

use nerx::{Config, Extractor};

fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| Extractor::new(&Config::default()).expect("default lists load"))
}

fn mentions(text: &str) -> Vec<String> {
    let doc = extractor().extract(text);
    doc.mentions()
        .iter()
        .map(|m| {
            let ty = doc.entities()[m.entity].ty.as_str();
            format!("{}:{}", &ty[..3], &text[m.start..m.end])
        })
        .collect()
}

const CASES: &[(&str, &[&str])] = &[
    (
        "Chad and Niger signed a border deal on Tuesday.",
        &["COU:Chad", "COU:Niger"],
    ),
    (
        "Chad Johnson scored twice for the visitors.",
        &["PER:Chad Johnson"],
    ),
    (
        "Jordan's King Abdullah met the envoy in Amman.",
        &["COU:Jordan", "PER:King Abdullah", "LOC:Amman"],
    ),
    (
        "Michael Jordan bought a stake in the team.",
        &["PER:Michael Jordan"],
    ),
    (
        "Georgia's parliament passed the law in Tbilisi.",
        &["COU:Georgia", "LOC:Tbilisi"],
    ),
    (
        "Atlanta, Georgia, hosted the convention.",
        &["LOC:Atlanta", "LOC:Georgia"],
    ),
    (
        "Turkey and Greece held talks in Ankara.",
        &["COU:Turkey", "COU:Greece", "LOC:Ankara"],
    ),
    ("The family roasted a turkey for the holiday.", &[]),
    ("Nice weather helped the harvest this year.", &[]),
    (
        "The attack in Nice killed 86 people in 2016.",
        &["LOC:Nice"],
    ),
    ("Mobile phone sales fell sharply in the quarter.", &[]),
    (
        "The mayor of Mobile, Alabama, resigned.",
        &["LOC:Mobile", "LOC:Alabama"],
    ),
    ("Reading the report, the minister frowned.", &[]),
    ("Bath time is important for toddlers.", &[]),
    (
        "She studied at a university in Bath, England.",
        &["LOC:Bath", "LOC:England"],
    ),
    ("Of the 20 candidates, only three were women.", &[]),
    ("Split decisions are common in boxing.", &[]),
    (
        "The ferry from Split to Hvar was cancelled.",
        &["LOC:Split"],
    ),
    ("Male voters turned out in large numbers.", &[]),
    (
        "Sydney Poitier won an Oscar in 1964.",
        &["PER:Sydney Poitier"],
    ),
    (
        "Thousands gathered in Sydney for the march.",
        &["LOC:Sydney"],
    ),
    (
        "Victoria Beckham launched a new collection.",
        &["PER:Victoria Beckham"],
    ),
    (
        "Floods hit Victoria and New South Wales.",
        &["LOC:Victoria", "LOC:New South Wales"],
    ),
    (
        "George Washington crossed the Delaware River.",
        &["PER:George Washington", "LOC:Delaware River"],
    ),
    (
        "Paris and Berlin disagreed on the budget.",
        &["LOC:Paris", "LOC:Berlin"],
    ),
    (
        "Theresa May resigned as prime minister in 2019.",
        &["PER:Theresa May"],
    ),
    ("The talks may resume in May.", &[]),
    ("The dinner was served on fine china.", &[]),
    (
        "China and India agreed to ease tensions.",
        &["COU:China", "COU:India"],
    ),
    (
        "Bill Gates visited Nigeria last week.",
        &["PER:Bill Gates", "COU:Nigeria"],
    ),
    ("The bill passed the Senate on Friday.", &["ORG:Senate"]),
    (
        "Mark Rutte arrived in Kyiv on Monday.",
        &["PER:Mark Rutte", "LOC:Kyiv"],
    ),
    ("Mark my words, the deal will fail.", &[]),
    ("Will Smith starred in the film.", &["PER:Will Smith"]),
    ("Will the talks succeed?", &[]),
    (
        "Hope Hicks testified before the committee.",
        &["PER:Hope Hicks"],
    ),
    ("Hope faded for the missing sailors.", &[]),
    ("Faith in the government is at a record low.", &[]),
    ("Van drivers protested in Lyon.", &["LOC:Lyon"]),
    (
        "President Erdogan spoke in Van on Sunday.",
        &["PER:Erdogan", "LOC:Van"],
    ),
    ("The Sun reported the story first.", &["ORG:The Sun"]),
    (
        "Orange County officials denied the claim.",
        &["LOC:Orange County"],
    ),
    ("He ate an apple at lunch.", &[]),
    // Football clubs named by a place and more are the club, not the place.
    (
        "Aston Villa signed him from Benfica after Real Madrid pulled out.",
        &["ORG:Aston Villa", "ORG:Benfica", "ORG:Real Madrid"],
    ),
    (
        "Bristol City beat Exeter City in Bristol.",
        &["ORG:Bristol City", "ORG:Exeter City", "LOC:Bristol"],
    ),
    (
        "Fires spread across the Amazon rainforest in Brazil.",
        &["LOC:Amazon rainforest", "COU:Brazil"],
    ),
    // A surname that is also a given name ends a person's name after a word no list knows,
    // even opening a sentence; not after an ordinary word ("Pay April 10").
    (
        "Colm Brennan arrived in Cork on Monday.",
        &["PER:Colm Brennan", "LOC:Cork"],
    ),
    ("Pay April 10.", &[]),
    // A name many countries use ("generic=yes" in the list), made one country's by "of": not
    // the US court.
    (
        "The Supreme Court of India ruled on Monday.",
        &["ORG:Supreme Court of India"],
    ),
    (
        "The Supreme Court of Cassation ruled on Monday.",
        &["ORG:Supreme Court of Cassation"],
    ),
    // A territory is a place (COUNTRY is a sovereign state), read as firmly as a country.
    (
        "Jersey voters elected a new chief minister.",
        &["LOC:Jersey"],
    ),
    (
        "Hong Kong and Puerto Rico sent teams to China.",
        &["LOC:Hong Kong", "LOC:Puerto Rico", "COU:China"],
    ),
    ("He wore a jersey with the number ten.", &[]),
    (
        "Congo's army fought rebels near Goma.",
        &["COU:Congo", "LOC:Goma"],
    ),
    (
        "Lebanon and Israel exchanged fire on Monday.",
        &["COU:Lebanon", "COU:Israel"],
    ),
    ("Cuba released 50 prisoners on Tuesday.", &["COU:Cuba"]),
    ("Guinea held elections in September.", &["COU:Guinea"]),
    ("Salem police arrested two men.", &["LOC:Salem"]),
    ("Alia Salem spoke at the rally.", &["PER:Alia Salem"]),
    ("March saw record rainfall in the north.", &[]),
    ("Protesters marched on the capital in March.", &[]),
    (
        "Mali and Senegal signed a trade deal.",
        &["COU:Mali", "COU:Senegal"],
    ),
    ("Nobody in the room said a word.", &[]),
    ("Most of the delegates left early.", &[]),
    ("Union leaders met the minister in Paris.", &["LOC:Paris"]),
    (
        "Zimbabwe's former first lady Grace Mugabe left the country.",
        &["COU:Zimbabwe", "PER:Grace Mugabe"],
    ),
    (
        "The ideas of Sun Yat-sen still shape the party.",
        &["PER:Sun Yat-sen"],
    ),
    (
        "Shares of Apple rose after the launch in Cupertino.",
        &["ORG:Apple", "LOC:Cupertino"],
    ),
    (
        "Analysts said Amazon would hire more drivers.",
        &["ORG:Amazon"],
    ),
    ("The tour reached Reading on Sunday.", &["LOC:Reading"]),
    (
        "She grew up near Lake Van in eastern Turkey.",
        &["LOC:Lake Van", "COU:Turkey"],
    ),
    (
        "Police in Reading said the road was closed.",
        &["LOC:Reading"],
    ),
    ("He gave a reading at the library.", &[]),
    (
        "The prime minister met Chad's president in N'Djamena.",
        &["COU:Chad", "LOC:N'Djamena"],
    ),
    (
        "Officials in Georgia counted the ballots again.",
        &["COU:Georgia"],
    ),
    (
        "She moved to Victoria, Australia.",
        &["LOC:Victoria", "COU:Australia"],
    ),
    (
        "Deputy Prime Minister Chrystia Freeland resigned.",
        &["PER:Chrystia Freeland"],
    ),
    ("The mobile clinic visited three villages.", &[]),
];

#[test]
fn ambiguous_names_are_found_only_where_they_are_names() {
    assert!(CASES.len() >= 60, "the battery holds at least 60 sentences");
    let mut failures = Vec::new();
    for (text, expected) in CASES {
        let found = mentions(text);
        if found != *expected {
            failures.push(format!(
                "{text}\n    expected {expected:?}\n    found    {found:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} sentences differ:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn the_battery_has_hits_and_non_hits_for_every_kind_of_ambiguity() {
    let non_hits = CASES.iter().filter(|(_, m)| m.is_empty()).count();
    assert!(non_hits >= 15, "{non_hits} sentences without names");
    for prefix in ["PER:", "COU:", "LOC:", "ORG:"] {
        assert!(
            CASES
                .iter()
                .any(|(_, m)| m.iter().any(|x| x.starts_with(prefix))),
            "{prefix}"
        );
    }
}
