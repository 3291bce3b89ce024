//! The boilerplate rules on invented posts and pages.
use super::*;
use crate::read::text_document;
use crate::structure::Structure;

fn reasons(text: &str) -> Vec<Option<SkipReason>> {
    Structure::of(&text_document("t", text.to_string())).skipped
}

#[test]
fn reasons_are_written_by_their_names() {
    for r in SkipReason::ALL {
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, format!("\"{}\"", r.as_str()));
        assert_eq!(SkipReason::from_name(r.as_str()), Some(r));
    }
    assert_eq!(SkipReason::from_name("comment_header"), None);
    let names: Vec<&str> = SkipReason::ALL.iter().map(|r| r.as_str()).collect();
    assert_eq!(
        names.join(", "),
        "heading, headline, byline, date, credit, separator, comment-header, \
         comment-form, powered-by, share, advert, language"
    );
}

#[test]
fn blog_boilerplate_is_skipped() {
    let post = "Council Closes Elm Street Depot\n\nPosted by Jane Roe\n\nMarch 3, 2008 at 10:42 pm\n\n\
                The council voted 7-2 on Tuesday to close the depot.\n\nShare this: Facebook | Twitter | Email\n\n\
                2 thoughts on “Council Closes Elm Street Depot”\n\n  1. Great post lol\n\n  2. terrible decision imo\n\n\
                Leave a Comment\n\nYour email address will not be published. Required fields are marked *\n\n\
                Powered by WordPress";
    assert_eq!(
        reasons(post),
        [
            Some(SkipReason::Headline),
            Some(SkipReason::Byline),
            Some(SkipReason::Date),
            None,
            Some(SkipReason::Share),
            Some(SkipReason::CommentHeader),
            None,
            None,
            Some(SkipReason::CommentForm),
            Some(SkipReason::CommentForm),
            Some(SkipReason::PoweredBy),
        ]
    );
}

#[test]
fn sentences_and_comments_are_content() {
    let post = "Why the depot matters\n\nI think the vote was wrong\n\nThe vote was 7-2.\n\n\
                Comments\n\nno way this passes\n\nReaders asked: what next?";
    assert_eq!(
        reasons(post),
        [
            Some(SkipReason::Headline),
            None,
            None,
            Some(SkipReason::CommentHeader),
            None,
            None
        ]
    );
}

#[test]
fn short_lines_in_a_list_keep_their_labels() {
    let post = "The recipe makes four jars and keeps for a month in a cool cupboard.\n\n\
                Plum and Ginger Jam\n\n\
                Ingredients\n\n\
                6 ripe plums, stoned and halved\n\n\
                1 lemon, or about 1/4 cup lemon juice\n\n\
                2 tsp ground ginger\n\n\
                Simmer the plums with the sugar for twenty minutes, then add the lemon.";
    let r = reasons(post);
    // The Title Case lines are the recipe's title and a section title;
    // the ingredients are a list between content paragraphs.
    assert_eq!(
        r,
        [
            None,
            Some(SkipReason::Headline),
            Some(SkipReason::Headline),
            None,
            None,
            None,
            None
        ]
    );
    let teams = "Twenty teams qualified for the finals on Tuesday after the last round.\n\n\
                 Portugal (Group B): eighth appearance\n\n\
                 Spain (Group F): eleventh appearance\n\n\
                 Wales (Group E): second appearance\n\n\
                 The draw for the group stage takes place in Bucharest on 30 November.";
    assert_eq!(reasons(teams), [None, None, None, None, None]);
}

#[test]
fn a_lone_short_line_is_a_headline_but_a_numbered_list_is_not() {
    let numbered = "Binge eating has several causes, and most of them can be treated.\n\n\
                    1. Ditch the diet\n\n\
                    Strict diets often lead to more binge eating, several studies found.\n\n\
                    2. Drink enough water\n\n\
                    Water keeps the stomach full between meals, the study's authors say.";
    assert_eq!(
        reasons(numbered),
        [
            None,
            Some(SkipReason::Headline),
            None,
            Some(SkipReason::Headline),
            None
        ]
    );
    let list = "The plan has three steps.\n\n1. Plan the meals\n\n2. Shop once a week\n\n\
                3. Cook on Sundays\n\nThat is all it takes.";
    assert_eq!(reasons(list), [None, None, None, None, None]);
    let bullets = "The club listed what changes.\n\n- Season tickets\n\nPrices rise by 4%.";
    assert_eq!(reasons(bullets), [None, None, None]);
}

#[test]
fn markup_decides_headings_and_cells_hold_data() {
    let mut doc = text_document(
        "t",
        "Why the depot matters\n\nGet it for $20 today\n\n846\n\nMarch 3, 2008\n\nThe vote was 7-2.".into(),
    );
    for (p, e) in doc.paragraphs.iter_mut().zip(["h2", "li", "td", "p", "p"]) {
        p.element = Some(e.into());
    }
    assert_eq!(
        Structure::of(&doc).skipped,
        [
            Some(SkipReason::Heading),
            None,
            None,
            Some(SkipReason::Date),
            None
        ]
    );
    // Without markup, the same short lines are guessed from the text.
    let plain = reasons("Get it for $20 today\n\n846\n\nThe vote was 7-2.");
    assert_eq!(
        plain,
        [Some(SkipReason::Headline), Some(SkipReason::Date), None]
    );
}

/// Skip reasons of the paragraphs of an HTML page, read as `stance tag`
/// reads it, each with the start of its text.
fn page_reasons(html: &str) -> Vec<(String, Option<SkipReason>)> {
    reasons_as(html, crate::read::Format::Html)
}

/// Skip reasons of the paragraphs of `source` read in `format`, each with
/// the start of its text.
fn reasons_as(source: &str, format: crate::read::Format) -> Vec<(String, Option<SkipReason>)> {
    let mut docs = Vec::new();
    crate::read::read_bytes(
        "page",
        source.as_bytes(),
        Some(format),
        &crate::read::ReadOptions::default(),
        &mut |e| {
            if let crate::read::Event::Doc(d) = e {
                docs.push(d);
            }
            Ok(())
        },
    )
    .unwrap();
    let doc = &docs[0];
    doc.paragraphs
        .iter()
        .map(|p| p.text.chars().take(16).collect())
        .zip(Structure::of(doc).skipped)
        .collect()
}

#[test]
fn short_paragraphs_of_a_web_page_are_content_and_its_headings_are_not() {
    // A short `<p>` that ends like a sentence is what the page calls a
    // paragraph (a one-line answer, a short statement); a short table
    // cell is data. `h1`-`h6` are headings (for subheads the page did
    // not mark up as headings, see `subheads_of_a_web_page_are_skipped`).
    let page = "<html><body><article><h1>Ferry timetable cut</h1>\
        <p>The transport board voted on Monday to remove eleven evening sailings from the harbour ferry timetable.</p>\
        <p>Islanders object.</p>\
        <p>Residents said the last sailing would now leave the city before eight, ruling out evening shifts.</p>\
        <h2>What Happens Next</h2>\
        <table><tr><td>Route</td><td>Sailings</td></tr><tr><td>North Quay</td><td>846</td></tr></table>\
        <p>The board will look again at the timetable in the autumn, when the new boats arrive.</p>\
        </article></body></html>";
    let got = page_reasons(page);
    let reason = |start: &str| {
        got.iter()
            .find(|(t, _)| t.starts_with(start))
            .unwrap_or_else(|| panic!("no {start:?} in {got:?}"))
            .1
    };
    assert_eq!(
        reason("Ferry timetable"),
        Some(SkipReason::Heading),
        "{got:?}"
    );
    assert_eq!(reason("What Happens"), Some(SkipReason::Heading), "{got:?}");
    for content in [
        "The transport",
        "Islanders object",
        "Residents said",
        "North Quay",
        "846",
        "The board will",
    ] {
        assert_eq!(reason(content), None, "{content}: {got:?}");
    }
}

/// The skip reason of the paragraph of `got` starting with `start`.
fn reason_of(got: &[(String, Option<SkipReason>)], start: &str) -> Option<SkipReason> {
    got.iter()
        .find(|(t, _)| start.starts_with(t.as_str()) || t.starts_with(start))
        .unwrap_or_else(|| panic!("no {start:?} in {got:?}"))
        .1
}

/// An invented opinion column of a web page, with `middle` between its
/// second and third paragraphs and `end` after its last.
fn column(middle: &str, end: &str) -> String {
    format!(
        "<html><body><article><h1>The depot vote was a mistake</h1>\
         <p>The council voted seven to two on Tuesday to close the Elm Street depot, and I think it will regret it.</p>\
         <p>Anyone who rides the 14 knows the service is already stretched thin, and this will only make it worse.</p>\
         {middle}\
         <p>The savings the council promised are small, and they will be eaten by longer routes from Northgate.</p>\
         <p>It is not too late to change course: the depot closes in March, and the vote can be taken again.</p>\
         {end}</article></body></html>"
    )
}

#[test]
fn subheads_of_a_web_page_are_skipped() {
    // A whole short `<p>` in bold is a subhead styled by hand.
    let got = page_reasons(&column("<p><strong>Right-wing resistance</strong></p>", ""));
    assert_eq!(
        reason_of(&got, "Right-wing resist"),
        Some(SkipReason::Heading)
    );
    // So is a short `<p>` without a full stop alone between paragraphs.
    let got = page_reasons(&column("<p>Right-wing resistance</p>", ""));
    assert_eq!(
        reason_of(&got, "Right-wing resist"),
        Some(SkipReason::Headline)
    );
    for content in [
        "The council voted",
        "Anyone who rides",
        "The savings",
        "It is not too",
    ] {
        assert_eq!(reason_of(&got, content), None, "{content}: {got:?}");
    }
    // Bold decides on its own (the last paragraph has no neighbour
    // after it), but only when all of the line is bold.
    let got = page_reasons(&column("", "<p><b>Right-wing resistance</b></p>"));
    assert_eq!(
        reason_of(&got, "Right-wing resist"),
        Some(SkipReason::Heading)
    );
    let got = page_reasons(&column("", "<p><b>Right-wing</b> resistance</p>"));
    assert_eq!(reason_of(&got, "Right-wing resist"), None, "{got:?}");
    // A short sentence, a trailing-off line and a row of figures are
    // content.
    for middle in [
        "<p>Right-wing resistance grew.</p>",
        "<p>And if they do not listen …</p>",
        "<p><b>Northgate 14 11 6 15 — 44</b></p>",
    ] {
        let got = page_reasons(&column(middle, ""));
        assert!(
            got.iter()
                .all(|(_, r)| r.is_none() || *r == Some(SkipReason::Heading)),
            "{middle}: {got:?}"
        );
        assert_eq!(
            got.iter().filter(|(_, r)| r.is_some()).count(),
            1,
            "{middle}: {got:?}"
        );
    }
    // Beside a short line (an interview's one-line answers) it is content.
    let got = page_reasons(&column("<p>Did it work?</p><p>Not really</p>", ""));
    assert_eq!(reason_of(&got, "Not really"), None, "{got:?}");
}

#[test]
fn a_markdown_subhead_in_bold_is_a_heading() {
    let post = "The council voted seven to two on Tuesday to close the Elm Street depot.\n\n\
                **Right-wing resistance**\n\n\
                **Riders** objected at once, and the vote will be taken again in March.\n";
    let got = reasons_as(post, crate::read::Format::Markdown);
    assert_eq!(
        got.iter().map(|g| g.1).collect::<Vec<_>>(),
        [None, Some(SkipReason::Heading), None],
        "{got:?}"
    );
}

#[test]
fn signatures_credits_adverts_and_comment_policies_are_skipped() {
    let cases = [
        ("<p>Jane Doe, Springfield</p>", "Jane Doe, Springf", SkipReason::Byline),
        ("<p>Ana M. Ruiz, Northgate, Ill.</p>", "Ana M. Ruiz, Nor", SkipReason::Byline),
        ("<p>(via Geeks Are Sexy)</p>", "(via Geeks Are S", SkipReason::Credit),
        ("<p>via The Ledger</p>", "via The Ledger", SkipReason::Credit),
        ("<p>Additional reporting by Tom Lee in Northgate; editing by Ana Ruiz.</p>", "Additional repor", SkipReason::Credit),
        ("<p>Ana Ruiz contributed to this report.</p>", "Ana Ruiz contrib", SkipReason::Credit),
        ("<p>Our Standards: The Ledger Trust Principles.</p>", "Our Standards: T", SkipReason::Credit),
        ("<p>Ana Ruiz is a reporter for The Ledger. Follow her on Twitter @ana_ruiz.</p>", "Ana Ruiz is a re", SkipReason::Byline),
        ("<p>Advertisement</p>", "Advertisement", SkipReason::Advert),
        ("<p>Story continues below advertisement</p>", "Story continues ", SkipReason::Advert),
        ("<p>Get the best of The Ledger in your inbox, every morning!</p>", "Get the best of ", SkipReason::Share),
        (
            "<p>We invite you to use our commenting platform to engage in insightful conversations about \
             issues in our community. Although we do not pre-screen comments, we reserve the right at all \
             times to remove any information or materials that are unlawful, threatening, abusive, libelous, \
             defamatory, obscene, vulgar, pornographic, profane, indecent or otherwise objectionable to us, \
             and to disclose any information necessary to satisfy the law, regulation, or government request. \
             We might permanently block any user who abuses these conditions.</p>",
            "We invite you to",
            SkipReason::CommentForm,
        ),
    ];
    for (end, start, want) in cases {
        let got = page_reasons(&column("", end));
        assert_eq!(reason_of(&got, start), Some(want), "{end}: {got:?}");
        let content = got.iter().filter(|(_, r)| r.is_none()).count();
        assert_eq!(content, 4, "{end}: {got:?}");
    }
    // Content that looks a little like them.
    for end in [
        "<p>Portugal, Spain</p>",
        "<p>Jane Doe, the mayor, said the vote was close.</p>",
        "<p>Via Rail will run two extra trains to Northgate on Saturdays.</p>",
        "<p>We invite you to the depot's open day on Saturday, March 1.</p>",
        "<p>The council's comment policy bars personal attacks, a clerk said, and the vote will stand.</p>",
        "<p>The advertisement ran in three papers before the vote.</p>",
    ] {
        let got = page_reasons(&column("", end));
        let content = got.iter().filter(|(_, r)| r.is_none()).count();
        assert_eq!(content, 5, "{end}: {got:?}");
    }
}

#[test]
fn a_list_item_from_the_markup_is_never_a_headline() {
    let text = "The club listed what changes next season.\n\nSeason tickets\n\nPrices rise by 4%.";
    let mut doc = text_document("t", text.to_string());
    assert_eq!(
        Structure::of(&doc).skipped,
        [None, Some(SkipReason::Headline), None]
    );
    doc.paragraphs[1].element = Some("li".into());
    assert_eq!(Structure::of(&doc).skipped, [None, None, None]);
}

#[test]
fn questions_to_the_reader_and_lowercase_continuations_are_content() {
    let post = "The council met again on Monday to discuss the depot.\n\n\
                What did the council decide?\n\n\
                It voted 7-2 to close the depot in March.\n\n\
                Are you ready to make this happen?\n\n\
                The vote was close, wasn't it?\n\n\
                Closing it could happen in two ways:\n\n\
                if the budget is cut again, or\n\n\
                if the depot fails its next inspection.";
    assert_eq!(
        reasons(post),
        [
            None,
            Some(SkipReason::Headline),
            None,
            None,
            None,
            None,
            None,
            None
        ]
    );
}

#[test]
fn a_short_attributed_quotation_is_not_a_headline() {
    let post = "The council met on Monday.\n\n\
                “We will not close a route.” — Ortiz\n\n\
                We will not close a route. – Commissioner Ortiz\n\n\
                “Wild Rose”\n\n\
                The vote is in March.";
    assert_eq!(
        reasons(post),
        [None, None, None, Some(SkipReason::Headline), None]
    );
}

#[test]
fn separators_and_credits_are_skipped() {
    let post = "The depot closes in March, the council said on Tuesday.\n\n___\n\n\u{200b}\n\n\
                [ The Ledger ]\n\n\
                (Reporting by Ana Ruiz; Editing by Tom Lee)\n\n\
                (Image credit: City of Northgate)\n\n\
                With Ledger wires\n\n\
                This article was originally published by The Ledger. Read the original article.\n\n\
                Correction, March 4, 2026: An earlier version of this article misstated the vote.\n\n\
                — Ana Ruiz (@ana_ruiz) March 3, 2026";
    let r = reasons(post);
    assert_eq!(r[0], None);
    assert_eq!(&r[1..3], [Some(SkipReason::Separator); 2]);
    assert_eq!(&r[3..], [Some(SkipReason::Credit); 7]);
    // Brackets, parentheses and "with" only mark credits when they are one.
    let content = "(The vote was 7-2, with two members absent.)\n\n\
                   With the depot gone, buses will run from Northgate.";
    assert_eq!(reasons(content), [None, None]);
}

#[test]
fn a_letter_writers_signature_is_a_byline_in_plain_text_too() {
    let letters = "The council was wrong to close the depot, and riders will pay for it.\n\n\
                   Jane Doe, Springfield\n\n\
                   Closing the depot was overdue: it has cost more than it saved for years.\n\n\
                   Tom Lee, Northgate";
    assert_eq!(
        reasons(letters),
        [
            None,
            Some(SkipReason::Byline),
            None,
            Some(SkipReason::Byline)
        ]
    );
}

#[test]
fn the_example_posts_boilerplate() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/examples/");
    let Ok(text) = std::fs::read_to_string(format!("{root}post-fourth-rail-repost.txt")) else {
        return; // shared/ is beside the repository in CI and on developer machines
    };
    let doc = text_document("p", text);
    let r = Structure::of(&doc).skipped;
    let skipped: Vec<(&str, &str)> = doc
        .paragraphs
        .iter()
        .zip(&r)
        .filter_map(|(p, r)| r.map(|r| (r.as_str(), &p.text[..20.min(p.text.len())])))
        .collect();
    assert_eq!(
        skipped.iter().map(|s| s.0).collect::<Vec<_>>(),
        [
            "headline",
            "headline",
            "headline",
            "comment-header",
            "comment-form",
            "comment-form",
            "powered-by"
        ],
        "{skipped:?}"
    );
}
