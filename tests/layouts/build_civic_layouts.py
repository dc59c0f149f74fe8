#!/usr/bin/env python3
"""Build six civic, literary and e-mail layout sets for the sectioner (stdlib only, deterministic).

    python3 tests/layouts/build_civic_layouts.py

Writes, next to this file, NAME.xml and NAME.expected.json for six sets whose layouts are in
neither the development corpus (shared/feeds/sectioning/) nor the other builders of this directory:

    product-hunt-style  a daily "top launches" digest: one layout table per launch ("<td><img></td>
                        <td><a><b>Name</b></a> — tagline<br><span>▲ 512 upvotes · Category</span>
                        </td>"), a rank cell in one issue, a "Maker of the day" Q&A, a "Launching
                        soon" list of one-liners, a sponsor row and an e-mail footer
    local-council-minutes
                        a civic newsletter summarising council meetings: an opening "What happened
                        at Tuesday’s meeting" summary, "<h3>Item 4: Parking permits</h3>" or
                        numbered "<h3>7. Library roof</h3>" agenda items each with a decision and
                        a vote count, a "Consent agenda" list, a "Next meeting" line, a donate box
    book-club-letter    a literary letter: an opening essay without a headline (a salutation, or
                        none), "What I’m reading" books as "<p><em>Title</em> by Author</p>" plus
                        a paragraph, a "From the archive" link, a sign-off
    devops-incident-roundup
                        a weekly SRE newsletter: "<h2><a>Incident title</a></h2>" stories with a
                        <pre> snippet and commentary, "<h2>Outage of the week: …</h2>", a "Tools"
                        section of <h3> names with one-line descriptions, a job board, a sponsor
    photo-essay-and-gallery
                        a photographer's WordPress blog: a photo essay with <figure>/<figcaption>
                        images and <h3> place names between them (whole), a gallery post of many
                        captioned images (whole), and a roundup of unrelated photo-led stories
                        (image, <h3> headline, paragraph)
    newsletter-two-columns
                        an e-mail whose layout table has two columns side by side: <h1>/<h2> main
                        stories on the left, a "Briefly" list of bold lead-in items and an
                        "Events" list on the right; masthead and footer tables

Every word was made up for this test (people, places, companies, products and projects are
fictional). Labelling follows the rules in shared/feeds/sectioning/README.md ("Labels", "What
a careful reader cuts"). Each post is a list of blocks that carry their own label, so the
expected file cannot drift from the feed:

    S(title, html)            a story a careful reader cuts out, titled as printed (rule 1)
    C(label, html, alts=())   chrome: ad, widget, contents list, category label, sign-off,
                              footer; `alts` are other names the same block could be given by a
                              sectioner (each must also occur in the block)
    O(label, html, alts=())   optional: may or may not be cut
    R(html)                   anything else (preamble, spacers, wrappers): no label
A post built with whole=True must stay one section, titled with the post's own title.

`check` refuses a label that does not occur, character for character, in its own block's text
(except a story titled with the post's own title: an untitled opening essay).

Judgement calls (held consistent across sets):
- a launch (name as a bold link, a tagline, an upvote line, sometimes a blurb) is a story
  titled by its name; a rank cell is a list number (not in the title); "Today’s top launches"
  is a category label (chrome); the "Maker of the day" interview is ONE story, titled by its
  heading with the rubric kept (rule 1), its questions and answers inside it (rule 3); the
  "Launching soon" one-liners are ONE story (rule 4); sponsor rows and footers are chrome;
- each council agenda item is a story of its own (a separate decision, even though numbered):
  "Item 4: Parking permits" keeps its agenda number, which is part of the printed heading, but a
  bare list number ("7.") is dropped; the opening "What happened at … meeting" summary has a
  heading but only previews the items: optional; a "Consent agenda" list of routine approvals
  is ONE story (rule 4); "Public comment" is a story; the "Next meeting" line is optional (a
  date of its own, but a recurring line); donate boxes and sign-offs are chrome;
- a letter's opening essay is a story titled by its salutation (rule 6); an untitled essay with
  no salutation is titled with the post's own title; each book under "What I’m reading" (its
  italic title and author line, then a paragraph) is a story titled by that line, and the
  "What I’m reading" heading is a category label (chrome); a one-link "From the archive" plug is
  optional; sign-offs are chrome;
- an SRE newsletter's linked <h2> incidents are stories, the <pre> snippet inside (rule 3);
  "Outage of the week: …" keeps its rubric; each tool under "Tools" (an <h3> name and a
  one-line description) is a story and "Tools" a category label, as with The Hacker News's
  tools; the job board is paid classifieds (chrome, heading and each listing), as are
  sponsor blocks;
- a photo essay whose <h3> place names are stops on one walk, introduced and concluded, stays
  whole (rule 5), and so does a gallery of captioned images; photo-led stories on unrelated
  topics are cut at their <h3> headlines, the image above a headline belonging to its story;
- in a two-column e-mail the left column's stories come first, then the right column; the
  "Briefly" items (a bold lead-in and one sentence) are one-line items: "Briefly" is ONE story
  (rule 4, "In brief") and each lead-in is optional; "Events" is ONE story; masthead, "View in
  browser" and footer tables are chrome.
"""

from __future__ import annotations

from layoutkit import C, O, Post, R, S, day, esc, rss_encoded, rss_escaped, write

# ================================================================ 1. product-hunt-style

LP = "https://launchpaddaily.example.com"
LP_CDN = "https://cdn.launchpaddaily.example.com/logos"


def lp_masthead(date_line):
    return (
        '<table width="100%" cellpadding="0" cellspacing="0" class="masthead"><tr>'
        f'<td style="padding:16px 0"><a href="{LP}"><b>Launchpad Daily</b></a></td>'
        f'<td align="right" style="font-size:12px;color:#8a8a8a">{date_line} · '
        f'<a href="{LP}/view">View in browser</a></td></tr></table>\n'
    )


def lp_launch(name, slug, tagline, votes, category, blurb="", rank=None):
    rank_td = (
        f'<td width="28" valign="top" class="rank" style="font-weight:700;color:#da552f">'
        f"{rank}</td>"
        if rank
        else ""
    )
    more = f'<p style="margin:6px 0 0;font-size:14px;color:#333">{blurb}</p>' if blurb else ""
    return (
        '<table width="100%" cellpadding="0" cellspacing="0" class="launch" '
        f'style="margin:0 0 14px"><tr>{rank_td}'
        f'<td width="64" valign="top"><img src="{LP_CDN}/{slug}.png" width="52" height="52" '
        f'alt="" style="border-radius:8px"></td>'
        f'<td valign="top"><a href="{LP}/posts/{slug}"><b>{name}</b></a> — {tagline}<br>'
        f'<span style="font-size:12px;color:#8a8a8a">▲ {votes} upvotes · {category}</span>'
        f"{more}</td></tr></table>\n"
    )


def lp_heading(text):
    return (
        '<table width="100%" cellpadding="0" cellspacing="0"><tr><td style="padding:18px 0 8px;'
        f'font-size:13px;letter-spacing:1px;color:#da552f"><b>{text}</b></td></tr></table>\n'
    )


def lp_sponsor(name, url, text):
    return (
        '<table width="100%" cellpadding="0" cellspacing="0" class="sponsor" '
        'style="background:#fff6ef;margin:8px 0 16px"><tr><td style="padding:12px">'
        '<span style="font-size:11px;color:#8a8a8a">SPONSORED</span><br>'
        f'<a href="{url}"><b>{name}</b></a> — {text}</td></tr></table>\n'
    )


def lp_qa(pairs):
    return "".join(
        f'<p style="margin:10px 0 2px"><b>{q}</b></p><p style="margin:0 0 8px">{a}</p>'
        for q, a in pairs
    )


def lp_footer():
    return (
        '<table width="100%" cellpadding="0" cellspacing="0" class="footer"><tr>'
        '<td style="font-size:11px;color:#999;padding:24px 0">You’re getting Launchpad Daily '
        "because you signed up at launchpaddaily.example.com. "
        f'<a href="{LP}/preferences">Email preferences</a> · '
        f'<a href="{LP}/unsubscribe">Unsubscribe</a><br>Launchpad Media, 88 Tinder Row, '
        "Portsend</td></tr></table>\n"
    )


def product_hunt_style():
    posts = []
    posts.append(
        Post(
            "Top launches for Tuesday, March 3",
            f"{LP}/p/top-launches-2026-03-03",
            day(2026, 3, 3, 9, 0),
            blocks=[
                C(
                    "Launchpad Daily",
                    lp_masthead("Tuesday, March 3, 2026"),
                    alts=("View in browser",),
                ),
                R(
                    "<p>Good morning. A quiet Monday on the launch board turned into a busy "
                    "Tuesday: a spreadsheet that argues back, a kettle with an API and a "
                    "browser for people who hate tabs. Here is what rose to the top.</p>\n"
                ),
                C("TODAY’S TOP LAUNCHES", lp_heading("TODAY’S TOP LAUNCHES")),
                S(
                    "Tallyho",
                    lp_launch(
                        "Tallyho",
                        "tallyho",
                        "a spreadsheet that questions your formulas",
                        "512",
                        "Productivity",
                        "Tallyho reads every formula you write and flags the ones that look "
                        "wrong: ranges that stop one row short, sums that skip a hidden column, "
                        "dates stored as text. It explains each warning in plain language and "
                        "never changes a cell without asking. The free plan covers five sheets; "
                        "teams pay $8 a seat.",
                    ),
                ),
                S(
                    "Brewline",
                    lp_launch(
                        "Brewline",
                        "brewline",
                        "the kettle with an open API",
                        "431",
                        "Hardware",
                        "A 1.7-litre kettle that holds water at any temperature from 40 to 100 "
                        "degrees and exposes a local HTTP endpoint, so you can boil it from a "
                        "shortcut, a smart-home hub or a cron job. The makers published the "
                        "firmware under the MIT licence on launch day.",
                    ),
                ),
                S(
                    "Quietab",
                    lp_launch(
                        "Quietab",
                        "quietab",
                        "a browser that closes what you forget",
                        "388",
                        "Browsers",
                        "Tabs you have not looked at for a day fold into a searchable shelf, "
                        "and after a week they are gone unless you pin them.",
                    ),
                ),
                S(
                    "Stetch",
                    lp_launch(
                        "Stetch",
                        "stetch",
                        "turn whiteboard photos into editable diagrams",
                        "302",
                        "Design Tools",
                    ),
                ),
                S(
                    "Penny Ledger",
                    lp_launch(
                        "Penny Ledger",
                        "penny-ledger",
                        "pocket-money accounts for kids, with parental rules",
                        "247",
                        "Fintech",
                    ),
                ),
                C(
                    "SPONSORED",
                    lp_sponsor(
                        "Formwright",
                        "https://formwright.example.com/?ref=launchpad",
                        "Build forms your users finish. Conditional logic, payments and 40 "
                        "integrations, free for your first 1,000 responses.",
                    ),
                    alts=("Formwright",),
                ),
                S(
                    "Maker of the day: Ines Albrecht, Tallyho",
                    lp_heading("MAKER OF THE DAY")
                    + '<p style="margin:0 0 8px"><b>Maker of the day: Ines Albrecht, Tallyho</b>'
                    "</p>"
                    + lp_qa(
                        [
                            (
                                "What made you build it?",
                                "I was a finance analyst for nine years. The worst mistake I "
                                "ever saw cost a client four hundred thousand euros, and it was "
                                "a SUM that stopped at row 199 instead of 200.",
                            ),
                            (
                                "Why not just fix the formulas for people?",
                                "Because then nobody learns anything, and the next sheet has "
                                "the same bug. Tallyho explains; you decide.",
                            ),
                            (
                                "What’s next?",
                                "Shared sheets. Most errors happen when the second person "
                                "edits a sheet they didn’t build.",
                            ),
                        ]
                    ),
                ),
                S(
                    "LAUNCHING SOON",
                    lp_heading("LAUNCHING SOON")
                    + "<ul>"
                    + "".join(
                        f"<li>{x}</li>"
                        for x in (
                            "<b>Moorpad</b> — a notes app that works entirely offline",
                            "<b>Gridlock</b> — a crossword builder for teachers",
                            "<b>Ferrow</b> — invoice reminders that sound like a person",
                            "<b>Pluck</b> — guitar tuning by photo of the headstock",
                        )
                    )
                    + "</ul>\n",
                ),
                C("You’re getting Launchpad Daily", lp_footer(), alts=("Unsubscribe",)),
            ],
        )
    )
    posts.append(
        Post(
            "Top launches for Wednesday, March 4",
            f"{LP}/p/top-launches-2026-03-04",
            day(2026, 3, 4, 9, 0),
            blocks=[
                C(
                    "Launchpad Daily",
                    lp_masthead("Wednesday, March 4, 2026"),
                    alts=("View in browser",),
                ),
                R(
                    "<p>Hardware day, apparently. Three of today’s top six launches have a "
                    "power button.</p>\n"
                ),
                C("TODAY’S TOP LAUNCHES", lp_heading("TODAY’S TOP LAUNCHES")),
                S(
                    "Lumen Desk",
                    lp_launch(
                        "Lumen Desk",
                        "lumen-desk",
                        "a desk lamp that follows the sun",
                        "604",
                        "Hardware",
                        "Lumen Desk shifts its colour temperature through the day to match "
                        "the light outside your window, using a small sensor clipped to the "
                        "glass. In the evening it warms and dims on its own, and a dial on "
                        "the base overrides it for an hour. Pre-orders ship in May at $149.",
                        rank=1,
                    ),
                ),
                S(
                    "Harbourmaster",
                    lp_launch(
                        "Harbourmaster",
                        "harbourmaster",
                        "one dashboard for every container you forgot you were running",
                        "518",
                        "Developer Tools",
                        "It connects to your cloud accounts read-only, lists every running "
                        "container with its cost per day, and marks the ones nobody has "
                        "deployed to in a month. The makers say their beta users found $2,300 "
                        "a month of forgotten services on average.",
                        rank=2,
                    ),
                ),
                S(
                    "Sproutly",
                    lp_launch(
                        "Sproutly",
                        "sproutly",
                        "a soil sensor that texts you, politely",
                        "420",
                        "Home",
                        rank=3,
                    ),
                ),
                C(
                    "SPONSORED",
                    lp_sponsor(
                        "Pagecraft",
                        "https://pagecraft.example.com/?ref=launchpad",
                        "Landing pages in an afternoon. Start from 200 templates and publish "
                        "on your own domain.",
                    ),
                    alts=("Pagecraft",),
                ),
                S(
                    "Dictly",
                    lp_launch(
                        "Dictly",
                        "dictly",
                        "dictation that knows your jargon",
                        "356",
                        "Artificial Intelligence",
                        "Upload a glossary, or let it read your last hundred documents, and "
                        "it stops turning “Kubernetes” into “Cuban eighties”.",
                        rank=4,
                    ),
                ),
                S(
                    "Clockwise Bike Light",
                    lp_launch(
                        "Clockwise Bike Light",
                        "clockwise-bike-light",
                        "a rear light that brightens when you brake",
                        "298",
                        "Hardware",
                        rank=5,
                    ),
                ),
                S(
                    "Mapletree",
                    lp_launch(
                        "Mapletree",
                        "mapletree",
                        "family trees you can edit together",
                        "231",
                        "Lifestyle",
                        rank=6,
                    ),
                ),
                S(
                    "Maker of the day: Tomasz Wierzbicki, Lumen Desk",
                    lp_heading("MAKER OF THE DAY")
                    + '<p style="margin:0 0 8px"><b>Maker of the day: Tomasz Wierzbicki, '
                    "Lumen Desk</b></p>"
                    + lp_qa(
                        [
                            (
                                "How long did the lamp take?",
                                "Three years and eleven prototypes. The sensor was easy; "
                                "making it look like furniture and not like a gadget was not.",
                            ),
                            (
                                "Why hardware, when software is so much cheaper to ship?",
                                "Because I wanted to hold the thing. And because the lamps "
                                "in my flat made me feel like I was working in a petrol "
                                "station.",
                            ),
                            (
                                "One tip for first-time hardware makers?",
                                "Order twice as many screws as you think you need. Then "
                                "order more.",
                            ),
                        ]
                    ),
                ),
                S(
                    "LAUNCHING SOON",
                    lp_heading("LAUNCHING SOON")
                    + "<ul>"
                    + "".join(
                        f"<li>{x}</li>"
                        for x in (
                            "<b>Tidewell</b> — surf forecasts written by surfers",
                            "<b>Recipebox</b> — save any recipe without the life story",
                            "<b>Shelfie</b> — catalogue your books by photographing the spines",
                        )
                    )
                    + "</ul>\n",
                ),
                C("You’re getting Launchpad Daily", lp_footer(), alts=("Unsubscribe",)),
            ],
        )
    )
    write(
        "product-hunt-style",
        rss_escaped(
            "Launchpad Daily",
            LP,
            "The day’s best new products, every weekday morning.",
            posts,
        ),
        posts,
    )


# ================================================================ 2. local-council-minutes

CL = "https://alderbrookcivic.example.org"


def cl_item(heading, *paras, vote=""):
    v = f'<p class="vote"><strong>Vote:</strong> {vote}</p>' if vote else ""
    return f"<h3>{heading}</h3>" + "".join(f"<p>{p}</p>" for p in paras) + v + "\n"


def cl_next(text):
    return f'<hr><p class="next-meeting"><strong>Next meeting:</strong> {text}</p>\n'


def cl_donate():
    return (
        '<div class="kg-card kg-callout-card kg-callout-card-grey"><div class="kg-callout-emoji">'
        '🏛️</div><div class="kg-callout-text">The Alderbrook Civic Ledger is free and '
        "reader-funded. If these notes saved you three hours in a folding chair, "
        f'<a href="{CL}/#/portal/support">chip in for the next meeting</a>.</div></div>\n'
    )


def local_council_minutes():
    posts = []
    posts.append(
        Post(
            "Council notes: parking permits, a playground and a cap on short-term rentals",
            f"{CL}/council-notes-2026-03-10/",
            day(2026, 3, 11, 7, 30),
            author="Marguerite Obi",
            summary="Residential permits go up to $60, Riverside Park gets its playground, and "
            "the rental cap passes on a split vote.",
            blocks=[
                O(
                    "What happened at Tuesday’s meeting",
                    "<h2>What happened at Tuesday’s meeting</h2><p>All seven councillors were "
                    "present for a meeting that ran three hours and ten minutes, most of it "
                    "spent on short-term rentals. In order: the playground contract passed, "
                    "parking permits got more expensive, the rental cap squeaked through, and "
                    "Arbor Day is April 24. Details of each item below.</p>\n",
                ),
                S(
                    "Item 3: Riverside Park playground contract",
                    cl_item(
                        "Item 3: Riverside Park playground contract",
                        "Council awarded the $412,000 contract to build the new Riverside Park "
                        "playground to Kessel &amp; Dunne Landscapes, the lower of two bids. "
                        "The old wooden structure was closed last August after an inspector "
                        "found rot in four of its posts.",
                        "Councillor Adaeze Moreau voted against, saying the design still has "
                        "no shade and “our children will fry on that slide in July.” Parks "
                        "director Hamish Leung said trees would be planted in the autumn. "
                        "Construction starts in May and should finish by the end of August.",
                        vote="Passed 6–1 (Moreau against).",
                    ),
                ),
                S(
                    "Item 4: Parking permits",
                    cl_item(
                        "Item 4: Parking permits",
                        "Residential parking permits in the Old Town zone will cost $60 a year "
                        "from July 1, up from $35, the first increase since 2014. A second "
                        "permit for the same household will cost $120. Residents over 70 and "
                        "holders of a disability placard keep paying the old rate.",
                        "Three residents spoke against the increase during the item. Finance "
                        "staff said the permits currently cost more to administer than they "
                        "bring in, and that the new rate covers enforcement on the two Old "
                        "Town streets added to the zone last year.",
                        vote="Passed 5–2 (Moreau and Castellanos against).",
                    ),
                ),
                S(
                    "Item 5: Short-term rental cap",
                    cl_item(
                        "Item 5: Short-term rental cap",
                        "The long one. Council capped whole-home short-term rentals at 180 "
                        "licences city-wide, about twenty fewer than are operating now. "
                        "Existing hosts keep their licences until they lapse; new licences "
                        "will be issued by lottery when one frees up. Rooms rented inside a "
                        "home the host lives in are not affected.",
                        "Forty-one people signed up to speak. Hosts argued the cap would hurt "
                        "the downtown restaurants that depend on visitors; tenants’ groups said "
                        "rentals had taken homes off the market on Fenwick and Mill streets. "
                        "An amendment by Councillor Bruno Castellanos to raise the cap to 220 "
                        "failed 3–4 before the main vote.",
                        vote="Passed 4–3 (Castellanos, Dahl and Petrakis against).",
                    ),
                ),
                S(
                    "Item 7: Arbor Day proclamation",
                    cl_item(
                        "Item 7: Arbor Day proclamation",
                        "Council proclaimed Friday, April 24 as Arbor Day in Alderbrook. Free "
                        "saplings at the library from 10 a.m.",
                        vote="Passed 7–0.",
                    ),
                ),
                O(
                    "Next meeting",
                    cl_next(
                        "Tuesday, March 24, 6:30 p.m., City Hall, Room 200. The agenda is "
                        "posted the Friday before."
                    ),
                ),
                C("The Alderbrook Civic Ledger is free and reader-funded", cl_donate()),
                C(
                    "See you at City Hall",
                    "<p>See you at City Hall. — Marguerite</p>\n",
                ),
            ],
        )
    )
    posts.append(
        Post(
            "Council notes: the library roof, water rates and a tabled snow contract",
            f"{CL}/council-notes-2026-03-24/",
            day(2026, 3, 25, 7, 30),
            author="Marguerite Obi",
            summary="The library gets its new roof, water bills rise 4 percent, and the snow "
            "contract waits until April.",
            blocks=[
                O(
                    "What happened at the March 24 meeting",
                    "<h2>What happened at the March 24 meeting</h2><p>A shorter night: two "
                    "hours, one walkout, and a consent agenda that took four minutes. Council "
                    "agreed to replace the library roof, raised water rates, and put off the "
                    "snow removal contract. Councillor Petrakis was absent.</p>\n",
                ),
                S(
                    "Public comment",
                    "<h3>Public comment</h3><p>Eleven people spoke in the open public comment "
                    "period. Most were about the water rates (item 8). Two residents of Heron "
                    "Court asked again for a crosswalk at Heron and Quarry; the mayor said "
                    "staff would report back in May. Former councillor Lise Armbruster walked "
                    "out after her three minutes were up, to some applause.</p>\n",
                ),
                S(
                    "Library roof repairs",
                    cl_item(
                        "7. Library roof repairs",
                        "The Carnegie library on Elm Street will get a new slate roof this "
                        "summer, at a cost of $1.26 million, most of it from the state "
                        "historic buildings fund. Patching has cost the city $48,000 over the "
                        "last three winters, and a bucket in the local history room has become "
                        "something of a landmark.",
                        "The library will stay open during the work, which is expected to take "
                        "eleven weeks starting in June, but the upstairs reading room will close "
                        "from July.",
                        vote="Passed 6–0.",
                    ),
                ),
                S(
                    "Water rate increase",
                    cl_item(
                        "8. Water rate increase",
                        "Water bills will rise 4 percent from May, which the utility says "
                        "adds about $2.10 a month for a typical household. The money pays for "
                        "replacing the last 3.2 miles of cast-iron main under the east side, "
                        "where two mains broke in January.",
                        "Councillor Moreau’s motion to phase the increase over two years "
                        "failed for lack of a second. A low-income discount of 30 percent "
                        "stays in place and now applies automatically to households already "
                        "enrolled in the county energy assistance programme.",
                        vote="Passed 4–2 (Moreau and Dahl against).",
                    ),
                ),
                S(
                    "Consent agenda",
                    "<h3>9. Consent agenda</h3><p>Approved together, without discussion:</p>"
                    "<ul><li>Minutes of the March 10 meeting</li>"
                    "<li>A street closure on Fenwick Street for the May 2 spring fair</li>"
                    "<li>Reappointment of Oona Farris to the planning commission</li>"
                    "<li>Purchase of two electric mowers for the parks department, "
                    "$31,800</li></ul>"
                    '<p class="vote"><strong>Vote:</strong> Passed 6–0.</p>\n',
                ),
                S(
                    "Snow removal contract",
                    cl_item(
                        "10. Snow removal contract",
                        "Tabled until April 14 at staff’s request, while the city checks "
                        "references for the only bidder. No vote.",
                    ),
                ),
                O(
                    "Next meeting",
                    cl_next(
                        "Tuesday, April 14, 6:30 p.m., City Hall, Room 200. Budget workshop "
                        "at 5 p.m. the same day, open to the public."
                    ),
                ),
                C("The Alderbrook Civic Ledger is free and reader-funded", cl_donate()),
                C(
                    "See you at City Hall",
                    "<p>See you at City Hall. — Marguerite</p>\n",
                ),
            ],
        )
    )
    write(
        "local-council-minutes",
        rss_encoded(
            "The Alderbrook Civic Ledger",
            CL,
            "Plain-language notes from every Alderbrook city council meeting.",
            "Ghost 5.101",
            posts,
            self_path="rss/",
        ),
        posts,
    )


# ================================================================ 3. book-club-letter

MG = "https://buttondown.example.com/marginalia"


def mg_p(*paras):
    return "".join(f"<p>{p}</p>\n" for p in paras)


def mg_book(title, author, *paras):
    return f"<p><em>{title}</em> by {author}</p>\n" + mg_p(*paras)


def mg_archive(link_text, slug, comment):
    return (
        f'<p><strong>From the archive:</strong> <a href="{MG}/archive/{slug}/">{link_text}</a>'
        f" — {comment}</p>\n"
    )


def book_club_letter():
    posts = []
    posts.append(
        Post(
            "The Marginalia Letter, no. 31: the books we lend",
            f"{MG}/archive/no-31-the-books-we-lend/",
            day(2026, 2, 1, 10, 0),
            blocks=[
                S(
                    "Dear readers",
                    mg_p(
                        "Dear readers,",
                        "A friend returned a novel to me last week that I lent her in 2019. "
                        "It came back with a bus ticket from Lisbon tucked into chapter nine, "
                        "a coffee ring on the cover, and a pencilled “no!” beside a sentence I "
                        "had underlined in ink years before. I have been thinking ever since "
                        "about what a lent book is for.",
                        "We talk about lending as generosity, but I think it is closer to a "
                        "conversation held very slowly. The book leaves as one thing and comes "
                        "back as another: annotated, stained, argued with. My underlining and "
                        "her “no!” now sit on the same page, and whoever reads it next will "
                        "have to decide between us.",
                        "So this month, a small request. Lend someone a book you love, and "
                        "don’t ask for it back. Tell me what you lent, if you like; I will "
                        "print the best answers in March.",
                    ),
                ),
                C("What I’m reading", "<h2>What I’m reading</h2>\n"),
                S(
                    "The Salt Orchard by Mirela Dancu",
                    mg_book(
                        "The Salt Orchard",
                        "Mirela Dancu",
                        "A family of apple growers on a coast where the sea is slowly coming "
                        "in, told over forty years and three generations who each think they "
                        "are the last. Dancu writes weather better than anyone I know, and the "
                        "chapter in which the grandmother walks the flooded rows at night, "
                        "counting trees, is the best thing I have read this winter. It drags a "
                        "little in the middle; push on.",
                    ),
                ),
                S(
                    "Small Hours by Teodor Vance",
                    mg_book(
                        "Small Hours",
                        "Teodor Vance",
                        "Twelve stories set between midnight and dawn: a night nurse, a baker, "
                        "a man driving his dead father’s car home across three countries. They "
                        "are short and strange and most of them end a paragraph before you "
                        "expect. Read one a night.",
                    ),
                ),
                S(
                    "A Grammar of Rivers by Hollis Achterberg",
                    mg_book(
                        "A Grammar of Rivers",
                        "Hollis Achterberg",
                        "Non-fiction, and a surprise: a hydrologist’s account of how rivers "
                        "choose their paths, which turns out to be a book about patience. I "
                        "skipped the equations and lost nothing.",
                    ),
                ),
                O(
                    "From the archive",
                    mg_archive(
                        "On reading in the bath",
                        "no-12-on-reading-in-the-bath",
                        "still the letter I get the most replies to.",
                    ),
                ),
                C(
                    "Until next month",
                    "<p>Until next month, and happy reading,<br>Odile</p>\n",
                ),
            ],
        )
    )
    posts.append(
        Post(
            "The Marginalia Letter, no. 32: what you lent",
            f"{MG}/archive/no-32-what-you-lent/",
            day(2026, 3, 1, 10, 0),
            blocks=[
                S(
                    "Hello again, friends",
                    mg_p(
                        "Hello again, friends,",
                        "Two hundred and six of you wrote to tell me what you lent. The most "
                        "lent book, by a distance, was a cookbook, which I should have "
                        "predicted. The saddest was a first edition lent to a brother who has "
                        "since moved to New Zealand and, his sister reports, “claims no "
                        "memory of it.” The happiest was from a reader in Tromsø who left a "
                        "copy of <em>Small Hours</em> on a night train and got an e-mail, "
                        "two weeks later, from the stranger who found it.",
                        "Several of you asked what I lent. It was my copy of <em>The Salt "
                        "Orchard</em>, to my neighbour, who has already dropped it in the "
                        "bath. That feels right.",
                    ),
                ),
                C("What I’m reading", "<h2>What I’m reading</h2>\n"),
                S(
                    "The Lantern Keepers by Ayo Brannagh",
                    mg_book(
                        "The Lantern Keepers",
                        "Ayo Brannagh",
                        "A historical novel about the women who ran a lighthouse on the "
                        "Skerrin rocks during the First World War, after the men were called "
                        "up. It is built from logbook entries and letters, and Brannagh trusts "
                        "the reader to fill in the gaps between them. The entry that reads, "
                        "in full, “Fog. Lamp lit. Bread burnt.” made me laugh out loud on the "
                        "tram.",
                    ),
                ),
                S(
                    "Notes from a Cold House by Sunniva Reh",
                    mg_book(
                        "Notes from a Cold House",
                        "Sunniva Reh",
                        "Essays written through one winter in a house the author could not "
                        "afford to heat. Funny, angry and practical: I now own a hot-water "
                        "bottle cover she knitted the pattern for.",
                    ),
                ),
                S(
                    "The Cartographer’s Daughter by Léon Marsac",
                    mg_book(
                        "The Cartographer’s Daughter",
                        "Léon Marsac",
                        "Translated by Ruth Ellery. A thin detective novel with a very good "
                        "map in the front. Read it for the map.",
                    ),
                ),
                O(
                    "From the archive",
                    mg_archive(
                        "The books we lend",
                        "no-31-the-books-we-lend",
                        "last month’s letter, if you missed the question.",
                    ),
                ),
                C(
                    "Until next month",
                    "<p>Until next month, and happy reading,<br>Odile</p>\n",
                ),
            ],
        )
    )
    t3 = "The Marginalia Letter, no. 33: on finishing books"
    posts.append(
        Post(
            t3,
            f"{MG}/archive/no-33-on-finishing-books/",
            day(2026, 4, 5, 10, 0),
            blocks=[
                S(
                    t3,
                    mg_p(
                        "I used to finish every book I started. It felt like a promise to the "
                        "author, or maybe to the version of me who picked the book up in the "
                        "shop. I stopped three years ago, somewhere in the middle of a very "
                        "long novel about a shipping company, and I have not regretted it "
                        "once.",
                        "What changed my mind was arithmetic. If I read fifty books a year, "
                        "and have, with luck, forty years of reading left, that is two "
                        "thousand books. Every one I force myself through is one I will never "
                        "open. Put that way, finishing a book you are not enjoying is not "
                        "loyalty; it is a kind of waste.",
                        "I do still keep the books I abandon. Some of them I have gone back "
                        "to, years later, and found that the problem was not the book but the "
                        "month I tried to read it in.",
                    ),
                ),
                C("What I’m reading", "<h2>What I’m reading</h2>\n"),
                S(
                    "Harrowfield by Imogen Stroud",
                    mg_book(
                        "Harrowfield",
                        "Imogen Stroud",
                        "A village, a missing schoolteacher and a narrator who is plainly "
                        "lying to us from the first page. I finished it in two sittings. So "
                        "much for the essay above.",
                    ),
                ),
                S(
                    "The Quiet Engine by Pavel Drozd",
                    mg_book(
                        "The Quiet Engine",
                        "Pavel Drozd",
                        "Short biographies of eight engineers whose inventions you use every "
                        "day and whose names you have never heard: the woman who designed the "
                        "modern bus door, the man who standardised the screw thread. Each "
                        "chapter is about twenty pages, which makes it the ideal book for a "
                        "commute, and Drozd is careful to say where the records run out and "
                        "his guesses begin.",
                    ),
                ),
                S(
                    "Winter Inventory by Clare Oduya",
                    mg_book(
                        "Winter Inventory",
                        "Clare Oduya",
                        "Poems, one for each day of February. I have been reading one each "
                        "morning with my tea.",
                    ),
                ),
                O(
                    "From the archive",
                    mg_archive(
                        "On reading in the bath",
                        "no-12-on-reading-in-the-bath",
                        "for anyone finishing a book in the tub this weekend.",
                    ),
                ),
                C(
                    "Until next month",
                    "<p>Until next month, and happy reading,<br>Odile</p>\n",
                ),
            ],
        )
    )
    write(
        "book-club-letter",
        rss_escaped(
            "The Marginalia Letter",
            MG,
            "A monthly letter about books, reading and the people who lend them.",
            posts,
            generator="Buttondown",
        ),
        posts,
    )


# ================================================================ 4. devops-incident-roundup

PM = "https://postmortemweekly.example.dev"


def pm_incident(title, url, snippet, *paras):
    return (
        f'<h2><a href="{url}">{title}</a></h2>\n'
        f"<pre><code>{esc(snippet)}</code></pre>\n" + "".join(f"<p>{p}</p>\n" for p in paras)
    )


def pm_tool(name, url, line):
    return f'<h3><a href="{url}">{name}</a></h3>\n<p>{line}</p>\n'


def pm_sponsor(name, url, text):
    return (
        '<div class="sponsor"><p><small>SPONSOR</small></p>'
        f'<p><strong><a href="{url}">{name}</a></strong> {text}</p></div>\n'
    )


def pm_jobs(items):
    return (
        "<h2>Job board</h2>\n<ul>"
        + "".join(
            f'<li><a href="{PM}/jobs/{slug}"><strong>{role}</strong></a>, {where}</li>'
            for role, where, slug in items
        )
        + f'</ul>\n<p><a href="{PM}/jobs/post">Post a job</a> ($250 a week).</p>\n'
    )


def devops_incident_roundup():
    posts = []
    posts.append(
        Post(
            "Postmortem Weekly #142",
            f"{PM}/issues/142/",
            day(2026, 5, 8, 13, 0),
            blocks=[
                R(
                    "<p>Hello, on-call friends. A DNS week, a clock week and, for once, a "
                    "postmortem that blames the process instead of a person. Let’s go.</p>\n"
                ),
                S(
                    "How a TTL of zero took down Fernhill’s checkout for 47 minutes",
                    pm_incident(
                        "How a TTL of zero took down Fernhill’s checkout for 47 minutes",
                        "https://engineering.fernhill.example.com/posts/ttl-zero",
                        "$ dig +noall +answer checkout.internal\n"
                        "checkout.internal.   0   IN   A   10.42.7.19\n"
                        ";; Query time: 2114 msec",
                        "A config change meant to speed up failover set the TTL on an internal "
                        "record to zero. Every request then triggered a fresh lookup, the "
                        "resolvers fell over under roughly forty times their usual load, and "
                        "checkout went with them. The fix took two minutes; finding it took "
                        "forty-five, because the resolver dashboards lived on a host that "
                        "resolved through the same servers.",
                        "The write-up is candid about the part I find most useful: nobody "
                        "reviewing the change knew what a TTL of zero would do at their "
                        "request volume, and the review template had no place to ask.",
                    ),
                ),
                S(
                    "Leap second drills at Kobaltbank",
                    pm_incident(
                        "Leap second drills at Kobaltbank",
                        "https://tech.kobaltbank.example.eu/leap-second-drills",
                        "chronyc tracking\nReference ID    : 0A2A0001 (ntp1.kobalt)\n"
                        "System time     : 0.999812 seconds slow of NTP time\n"
                        "Leap status     : Insert second",
                        "No leap second is scheduled, but Kobaltbank rehearses one every "
                        "quarter anyway, by pointing a staging cluster at a fake NTP server. "
                        "This quarter’s drill found a payment batch job that sorts by "
                        "wall-clock time and would have run twice. It is a good argument for "
                        "drills that test the thing you cannot wait for.",
                    ),
                ),
                S(
                    "Outage of the week: the certificate that renewed itself into a loop",
                    "<h2>Outage of the week: the certificate that renewed itself into a "
                    "loop</h2>\n"
                    "<pre><code>"
                    + esc(
                        "renewer[2213]: cert expires in 29d, renewing\n"
                        "renewer[2213]: reload ok\n"
                        "renewer[2213]: cert expires in 29d, renewing"
                    )
                    + "</code></pre>\n"
                    "<p>Our pick this week is from Tallgrass Logistics. Their certificate "
                    "renewer compared the expiry date against a threshold of 30 days, the CA "
                    "issued certificates valid for 29, and the renewer spent a Saturday "
                    "renewing, reloading the load balancers every ninety seconds and "
                    "dropping long-lived connections each time. Drivers’ handheld scanners "
                    "disconnected about 900 times an hour.</p>\n"
                    "<p>What I like about the write-up is the timeline: it shows the alert "
                    "fired within six minutes and was acknowledged, and then shows the four "
                    "hours in which three people each assumed someone else had it. The fix "
                    "for that part is a rota change, not a code change.</p>\n",
                ),
                C("Tools", "<h2>Tools</h2>\n"),
                S(
                    "quietlog",
                    pm_tool(
                        "quietlog",
                        "https://github.com/hallstrom/quietlog",
                        "Samples repetitive log lines at the source and writes a count "
                        "instead, so one crash loop stops eating your logging budget.",
                    ),
                ),
                S(
                    "runbook-lint",
                    pm_tool(
                        "runbook-lint",
                        "https://github.com/ops-commons/runbook-lint",
                        "Checks that every command in your Markdown runbooks still exists and "
                        "that every dashboard link returns a 200.",
                    ),
                ),
                S(
                    "pagerstat",
                    pm_tool(
                        "pagerstat",
                        "https://github.com/mvarga/pagerstat",
                        "Turns a quarter of pages into a chart of who got woken up, when, and "
                        "for what.",
                    ),
                ),
                C(
                    "SPONSOR",
                    pm_sponsor(
                        "Statuswell",
                        "https://statuswell.example.com/?utm_source=postmortemweekly",
                        "Status pages that update themselves from your alerts. Free for one "
                        "page, forever.",
                    ),
                    alts=("Statuswell",),
                ),
                C(
                    "Job board",
                    pm_jobs(
                        [
                            ("Senior SRE", "Fernhill, remote (EU)", "fernhill-senior-sre"),
                            ("Platform Engineer", "Kobaltbank, Utrecht", "kobalt-platform"),
                            ("Incident Manager", "Orrery Health, remote (US)", "orrery-im"),
                        ]
                    ),
                    alts=("Senior SRE", "Platform Engineer", "Incident Manager"),
                ),
                C(
                    "That’s it for this week",
                    "<p>That’s it for this week. May your pagers stay quiet. — Ilse</p>\n",
                ),
            ],
        )
    )
    posts.append(
        Post(
            "Postmortem Weekly #143",
            f"{PM}/issues/143/",
            day(2026, 5, 15, 13, 0),
            blocks=[
                R(
                    "<p>Short issue this week: I was on call. Nothing happened, which is the "
                    "best kind of on-call and the worst kind of newsletter material.</p>\n"
                ),
                S(
                    "Outage of the week: a feature flag with two owners",
                    "<h2>Outage of the week: a feature flag with two owners</h2>\n"
                    "<pre><code>"
                    + esc('flagctl get new-pricing\n{"enabled": true, "owner": "growth"}')
                    + "</code></pre>\n"
                    "<p>Perch, a meal-kit company, had two teams using the same flag name for "
                    "different features. Growth turned it on for an experiment; billing’s "
                    "half of the code read it too and started charging the new prices to "
                    "everyone. About 3,100 customers were overcharged before support noticed "
                    "a pattern in the complaints, and refunds took a week.</p>\n"
                    "<p>The fix is boring and right: flags now have a single owner, and the "
                    "flag service refuses a name that already exists.</p>\n",
                ),
                S(
                    "Inside Orrery Health’s first chaos day",
                    pm_incident(
                        "Inside Orrery Health’s first chaos day",
                        "https://orreryhealth.example.com/blog/chaos-day",
                        "kubectl drain node-7 --ignore-daemonsets\n"
                        "error: cannot evict pod scheduler-0: PodDisruptionBudget violated",
                        "Orrery ran its first planned day of breaking things in production, "
                        "on purpose and with warning. The good news: most services survived a "
                        "lost node without anyone noticing. The bad news: the appointment "
                        "scheduler had a disruption budget that meant it could never be moved "
                        "at all, so the first real node failure would have taken it down.",
                    ),
                ),
                S(
                    "Why we stopped paging on CPU",
                    pm_incident(
                        "Why we stopped paging on CPU",
                        "https://blog.tinmouse.example.io/stop-paging-on-cpu",
                        "- alert: HighCPU\n  expr: cpu_usage > 0.9\n  for: 5m",
                        "A short, opinionated post from Tinmouse’s platform team: of 214 CPU "
                        "pages last year, eleven preceded anything a user noticed. They now "
                        "page on latency and errors only.",
                    ),
                ),
                C("Tools", "<h2>Tools</h2>\n"),
                S(
                    "flagsweep",
                    pm_tool(
                        "flagsweep",
                        "https://github.com/perch-eng/flagsweep",
                        "Finds feature flags that have been fully on or fully off for ninety "
                        "days and opens a pull request to delete them.",
                    ),
                ),
                S(
                    "tzcheck",
                    pm_tool(
                        "tzcheck",
                        "https://github.com/anuoluwa/tzcheck",
                        "Scans cron files and CI configs for schedules written in local time.",
                    ),
                ),
                C(
                    "Job board",
                    pm_jobs(
                        [
                            ("Staff SRE", "Perch, London", "perch-staff-sre"),
                            ("Observability Engineer", "Tinmouse, remote", "tinmouse-obs"),
                        ]
                    ),
                    alts=("Staff SRE", "Observability Engineer"),
                ),
                C(
                    "SPONSOR",
                    pm_sponsor(
                        "Rotaday",
                        "https://rotaday.example.com/?utm_source=postmortemweekly",
                        "On-call schedules people don’t hate. Swaps, overrides and fair "
                        "rotations in one place.",
                    ),
                    alts=("Rotaday",),
                ),
                C(
                    "That’s it for this week",
                    "<p>That’s it for this week. May your pagers stay quiet. — Ilse</p>\n",
                ),
            ],
        )
    )
    write(
        "devops-incident-roundup",
        rss_escaped(
            "Postmortem Weekly",
            PM,
            "The week’s best incident write-ups, tools and lessons, every Friday.",
            posts,
            generator="Hugo -- gohugo.io",
        ),
        posts,
    )


# ================================================================ 5. photo-essay-and-gallery

SS = "https://saltandsilver.example.com"
SS_UP = f"{SS}/wp-content/uploads/2026"


def ss_fig(path, alt, caption, size="large"):
    return (
        f'<figure class="wp-block-image size-{size}"><img decoding="async" '
        f'src="{SS_UP}/{path}" alt="{alt}" class="wp-image-{hash_id(path)}"/>'
        f'<figcaption class="wp-element-caption">{caption}</figcaption></figure>\n'
    )


def hash_id(s):
    # stable small number for the wp-image-N class (hash() is salted per run)
    return sum(ord(c) * (i + 1) for i, c in enumerate(s)) % 9000 + 1000


def ss_h3(text):
    return f'<h3 class="wp-block-heading">{text}</h3>\n'


def ss_p(*paras):
    return "".join(f"<p>{p}</p>\n" for p in paras)


def ss_prints():
    return (
        '<div class="wp-block-group has-background" style="background-color:#f3efe7">'
        '<p class="has-small-font-size">Prints of these photographs are available in the '
        f'<a href="{SS}/shop/">shop</a>, on cotton rag paper, signed.</p></div>\n'
    )


def ss_share():
    return (
        '<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block '
        'sd-social"><h3 class="sd-title">Share this:</h3><div class="sd-content"><ul>'
        f'<li class="share-email"><a href="{SS}/?share=email">Email</a></li>'
        f'<li class="share-facebook"><a href="{SS}/?share=facebook">Facebook</a></li>'
        "</ul></div></div></div>\n"
    )


def photo_essay_and_gallery():
    posts = []
    t1 = "Kerran, before the boats come in"
    posts.append(
        Post(
            t1,
            f"{SS}/2026/06/14/kerran-before-the-boats-come-in/",
            day(2026, 6, 14, 18, 0),
            author="Nadia Brekke",
            summary="A walk through a fishing town between four and nine in the morning.",
            extra={"categories": ["Photo essays"]},
            whole=True,
            blocks=[
                R(
                    ss_p(
                        "Kerran wakes up in the wrong order. The bakery is lit before the "
                        "streetlights go off, the gulls are up before the bakers, and the "
                        "boats, which everyone is waiting for, come in last. I spent three "
                        "mornings in June walking the same route from the harbour, through the "
                        "market and up the hill, to see the town assemble itself."
                    )
                ),
                R(
                    ss_h3("Harbour")
                    + ss_fig(
                        "06/kerran-harbour-0412.jpg",
                        "Empty harbour before dawn",
                        "4:12 a.m. The harbour at low water, moorings slack.",
                    )
                    + ss_p(
                        "At four the harbour belongs to the harbourmaster’s cat and a man "
                        "hosing down the fish boxes. The water is low and the moorings lie "
                        "slack in the mud. Nobody speaks; there is nobody to speak to."
                    )
                ),
                R(
                    ss_h3("Market")
                    + ss_fig(
                        "06/kerran-market-0538.jpg",
                        "Market hall with ice trays being filled",
                        "5:38 a.m. Ice going into the trays at the market hall.",
                    )
                    + ss_p(
                        "By half past five the market hall is loud. Ice goes into the trays "
                        "by the shovelful, the auctioneer tests his microphone twice, and the "
                        "buyers arrive with flasks and stand in the same spots they have "
                        "stood in for twenty years. Everything is ready except the fish."
                    )
                ),
                R(
                    ss_h3("Hill")
                    + ss_fig(
                        "06/kerran-hill-0704.jpg",
                        "View of the bay from the hill with boats approaching",
                        "7:04 a.m. From the hill, the first boats round the point.",
                    )
                    + ss_p(
                        "From the top of Kirk Brae you see them first: three boats, then five, "
                        "rounding the point in a loose line. Down in the town, I am told, the "
                        "buyers already know. Someone always has a cousin on the radio."
                    )
                ),
                R(
                    ss_p(
                        "By nine the boats were in, the fish were sold and the town looked "
                        "like any other town on a weekday. What I had photographed was the "
                        "hour when it was still waiting, and each place I stopped was waiting "
                        "for the same thing."
                    )
                ),
                C("Prints of these photographs are available", ss_prints()),
                C("Share this", ss_share()),
            ],
        )
    )
    t2 = "Gallery: the midwinter lantern walk"
    gallery = [
        ("01", "Children carrying paper lanterns", "The walk sets off from the school at 5 p.m."),
        ("02", "A lantern shaped like a fish", "Aksel’s herring, three weeks in the making."),
        ("03", "Lanterns reflected in a canal", "Crossing the Smedsbro canal."),
        ("04", "A brass band in hats", "The Ostvik Brass, wearing every hat they own."),
        ("05", "Lantern on a dog’s harness", "Not every walker had two legs."),
        ("06", "Crowd on the square", "Arriving at the square, just after six."),
        ("07", "A lantern being relit", "A relight, with help."),
        ("08", "Lanterns hung on a tree", "Afterwards, the lanterns go up in the lime tree."),
    ]
    posts.append(
        Post(
            t2,
            f"{SS}/2026/12/22/gallery-midwinter-lantern-walk/",
            day(2026, 12, 22, 17, 30),
            author="Nadia Brekke",
            summary="Eight photographs from Ostvik’s lantern walk.",
            extra={"categories": ["Galleries"]},
            whole=True,
            blocks=[
                R(
                    ss_p(
                        "Every year on the shortest day, Ostvik walks from the school to the "
                        "square carrying lanterns the children have made. These are eight "
                        "from this year’s walk, in the order I took them."
                    )
                ),
                R(
                    '<figure class="wp-block-gallery has-nested-images columns-2 '
                    'is-cropped">\n'
                    + "".join(
                        ss_fig(f"12/lanterns-{n}.jpg", alt, cap, size="medium")
                        for n, alt, cap in gallery
                    )
                    + "</figure>\n"
                ),
                C("Prints of these photographs are available", ss_prints()),
                C("Share this", ss_share()),
            ],
        )
    )
    posts.append(
        Post(
            "Photo notes: a ferry, a bakery, kites and a darkroom",
            f"{SS}/2026/08/09/photo-notes-ferry-bakery-kites/",
            day(2026, 8, 9, 18, 0),
            author="Nadia Brekke",
            summary="Four things I photographed this month, and what happened around them.",
            extra={"categories": ["Photo notes"]},
            blocks=[
                R(
                    ss_p(
                        "A roundup of what I have been photographing this month, for "
                        "those of you who like the pictures and the stories behind them."
                    )
                ),
                S(
                    "The last crossing of the Aud",
                    ss_fig(
                        "08/aud-last-crossing.jpg",
                        "Ferry leaving the slipway",
                        "The Aud leaves Brekkesund for the last time.",
                    )
                    + ss_h3("The last crossing of the Aud")
                    + ss_p(
                        "The car ferry Aud made her last crossing to Holmøy on August 2, after "
                        "fifty-one years on the route. The new bridge opens next week. About "
                        "two hundred people rode the final trip, most of them on foot, and "
                        "the skipper, Jostein Lie, sounded the horn all the way across. The "
                        "county has not decided what to do with her; a group of islanders "
                        "wants to turn her into a café moored at the old slipway."
                    ),
                ),
                S(
                    "Bakery on Strandgata reopens after the fire",
                    ss_fig(
                        "08/strandgata-bakery.jpg",
                        "Baker pulling loaves from an oven",
                        "Hege Moum with the first batch.",
                    )
                    + ss_h3("Bakery on Strandgata reopens after the fire")
                    + ss_p(
                        "Moum’s bakery reopened on Tuesday, fourteen months after a fire in "
                        "the flue closed it. Hege Moum rebuilt with a wood-fired oven like "
                        "the one her grandfather used, and there was a queue around the "
                        "block by seven."
                    ),
                ),
                S(
                    "Kites over Vestre strand",
                    ss_fig(
                        "08/vestre-kites.jpg",
                        "Dozens of kites over a beach",
                        "Saturday afternoon, wind from the south-west.",
                    )
                    + ss_h3("Kites over Vestre strand")
                    + ss_p(
                        "The kite festival drew its biggest crowd yet, helped by a steady "
                        "wind that held all weekend. The prize for the largest kite went to a "
                        "twelve-metre octopus from Bergen."
                    ),
                ),
                S(
                    "A new darkroom at the library",
                    ss_fig(
                        "08/library-darkroom.jpg",
                        "Red-lit darkroom with trays",
                        "The darkroom, under safelight.",
                    )
                    + ss_h3("A new darkroom at the library")
                    + ss_p(
                        "The library’s basement darkroom opens to the public in September. "
                        "Sessions are free; bring your own film."
                    ),
                ),
                C("Share this", ss_share()),
            ],
        )
    )
    write(
        "photo-essay-and-gallery",
        rss_encoded(
            "Salt & Silver",
            SS,
            "Photographs and notes from the north-west coast",
            "https://wordpress.org/?v=6.7.2",
            posts,
        ),
        posts,
    )


# ================================================================ 6. newsletter-two-columns

EG = "https://us12.campaign-archive.example.com/home/?u=7e1a4c&id=5d2e90"
EG_SITE = "https://eastgateweekly.example.co.uk"


def eg_masthead(preheader, date_line):
    return (
        '<table width="600" cellpadding="0" cellspacing="0" align="center" class="preheader">'
        '<tr><td style="font-size:11px;color:#777;padding:6px 0">'
        f'{preheader} · <a href="{EG_SITE}/view">View in browser</a></td></tr></table>\n'
        '<table width="600" cellpadding="0" cellspacing="0" align="center" class="masthead">'
        '<tr><td style="border-bottom:3px solid #1d3b2a;padding:14px 0">'
        '<span style="font-family:Georgia,serif;font-size:30px;color:#1d3b2a">The Eastgate '
        f'Weekly</span><br><span style="font-size:12px">{date_line}</span></td></tr></table>\n'
    )


COLS_OPEN = (
    '<table width="600" cellpadding="0" cellspacing="0" align="center" class="columns"><tr>\n'
    '<td class="col-left" width="372" valign="top" style="padding:16px 18px 16px 0">\n'
)
COLS_MID = (
    "</td>\n"
    '<td class="col-right" width="210" valign="top" '
    'style="background:#f4f1ea;padding:16px 12px;font-size:14px">\n'
)
COLS_CLOSE = "</td></tr></table>\n"


def eg_story(tag, title, *paras):
    return f'<{tag} style="font-family:Georgia,serif;color:#1d3b2a">{title}</{tag}>\n' + "".join(
        f'<p style="margin:0 0 12px">{p}</p>\n' for p in paras
    )


def eg_right_h(text, styled=False):
    if styled:
        return (
            '<p style="font-weight:bold;text-transform:uppercase;letter-spacing:1px;'
            f'color:#1d3b2a;margin:0 0 8px">{text}</p>\n'
        )
    return f'<h3 style="color:#1d3b2a;margin:0 0 8px">{text}</h3>\n'


def eg_footer():
    return (
        '<table width="600" cellpadding="0" cellspacing="0" align="center" class="footer">'
        '<tr><td style="font-size:11px;color:#777;padding:20px 0;text-align:center">'
        "Copyright © 2026 The Eastgate Weekly, all rights reserved.<br>You are receiving this "
        "because you subscribed at a street fair or on our website.<br>"
        f'<a href="{EG_SITE}/profile">Update your preferences</a> or '
        f'<a href="{EG_SITE}/unsubscribe">unsubscribe from this list</a>.</td></tr></table>\n'
    )


def newsletter_two_columns():
    posts = []
    posts.append(
        Post(
            "The tram depot vote, a new lido and the spring fair",
            "https://mailchi.example.com/eastgate/issue-208-tram-depot-lido",
            day(2026, 4, 17, 7, 0),
            blocks=[
                C(
                    "The Eastgate Weekly",
                    eg_masthead(
                        "The tram depot, the lido and this week’s events",
                        "Friday 17 April 2026 · Issue 208",
                    ),
                    alts=("View in browser",),
                ),
                R(COLS_OPEN),
                S(
                    "Depot site goes to homes, not a car park",
                    eg_story(
                        "h1",
                        "Depot site goes to homes, not a car park",
                        "The old tram depot on Cable Street will become 140 homes, a third of "
                        "them for social rent, after the borough’s planning committee voted "
                        "6–3 on Tuesday night against the rival plan for a multi-storey car "
                        "park. The decision ends a two-year fight that filled three public "
                        "meetings and one very long petition.",
                        "The developer, Calder Row Housing, says work on the site will start "
                        "next spring. The depot’s brick front, listed in 1998, stays and will "
                        "house a nursery and a community hall. Traders on Cable Street, who "
                        "had backed the car park, said they would ask the council for more "
                        "short-stay bays on nearby streets instead.",
                        "“We’ve been asked for homes on that site since before I was elected,” "
                        "said committee chair Winifred Osei. “Tonight we’ve listened.”",
                    ),
                ),
                S(
                    "The lido opens on 23 May",
                    eg_story(
                        "h2",
                        "The lido opens on 23 May",
                        "After a winter of retiling, Eastgate Lido opens for the season on "
                        "Saturday 23 May, a week earlier than last year. Early-morning lanes "
                        "return from 6.30 a.m., and the café now stays open until the pool "
                        "closes. Season tickets go on sale on 1 May, still at £95.",
                    ),
                ),
                S(
                    "Why the 47 bus keeps vanishing",
                    eg_story(
                        "h2",
                        "Why the 47 bus keeps vanishing",
                        "Readers have written in all month about the 47 disappearing from the "
                        "arrivals board. The operator says it is a fault with the new ticket "
                        "machines, which reboot the bus’s tracker whenever they update. A fix "
                        "is promised “by the end of May”.",
                    ),
                ),
                R(COLS_MID),
                S(
                    "Briefly",
                    eg_right_h("Briefly"),
                ),
                O(
                    "Recycling moves to Thursdays",
                    "<p><b>Recycling moves to Thursdays.</b> From 4 May, blue bins in the "
                    "north of the ward are collected a day later.</p>\n",
                ),
                O(
                    "New library hours",
                    "<p><b>New library hours.</b> Eastgate Library now opens until 7 p.m. "
                    "on Wednesdays.</p>\n",
                ),
                O(
                    "Mural finished",
                    "<p><b>Mural finished.</b> The kingfisher on the side of the Rose &amp; "
                    "Crown is done, and it is enormous.</p>\n",
                ),
                S(
                    "Events",
                    eg_right_h("Events")
                    + "<ul>"
                    + "".join(
                        f'<li style="margin:0 0 6px"><b>{d}</b> {x}</li>'
                        for d, x in (
                            ("Sat 18", "Spring fair, Cable Street, 11–5"),
                            ("Tue 21", "Ward surgery with Cllr Osei, library, 6 p.m."),
                            ("Thu 23", "Quiz night for the lido fund, the Rose &amp; Crown"),
                            ("Sun 26", "Litter pick, meet at the bandstand, 10 a.m."),
                        )
                    )
                    + "</ul>\n",
                ),
                R(COLS_CLOSE),
                C(
                    "Copyright © 2026 The Eastgate Weekly, all rights reserved",
                    eg_footer(),
                    alts=("Update your preferences",),
                ),
            ],
        )
    )
    posts.append(
        Post(
            "Cable Street’s new bays, a school expansion and lido tickets",
            "https://mailchi.example.com/eastgate/issue-209-cable-street-bays",
            day(2026, 4, 24, 7, 0),
            blocks=[
                C(
                    "The Eastgate Weekly",
                    eg_masthead(
                        "Thirty new bays, a bigger school and lido tickets",
                        "Friday 24 April 2026 · Issue 209",
                    ),
                    alts=("View in browser",),
                ),
                R(COLS_OPEN),
                S(
                    "Thirty short-stay bays for Cable Street",
                    eg_story(
                        "h1",
                        "Thirty short-stay bays for Cable Street",
                        "A week after losing the car park fight, Cable Street’s traders have "
                        "won something: the council will mark out thirty thirty-minute bays "
                        "on Cable Street and Mercer Lane by the end of June, paid for by the "
                        "depot developer as part of its planning agreement.",
                        "Leila Haddad, who runs the hardware shop and led the traders’ "
                        "campaign, called it “a start”. She wants the bays free for the first "
                        "twenty minutes, which the council says it will consider in the "
                        "autumn parking review.",
                    ),
                ),
                S(
                    "St Anselm’s to take sixty more pupils",
                    eg_story(
                        "h2",
                        "St Anselm’s to take sixty more pupils",
                        "St Anselm’s primary will add a third reception class from September "
                        "2027, taking its roll to 480. The extension, two classrooms and a "
                        "bigger hall, goes where the staff car park is now. Parents at a "
                        "meeting on Monday asked mostly about the building work; the head, "
                        "Dominic Ferrante, promised the noisy parts would happen in the "
                        "summer holidays.",
                    ),
                ),
                R(COLS_MID),
                S(
                    "Briefly",
                    eg_right_h("Briefly", styled=True) + '<ul style="padding-left:16px">',
                ),
                O(
                    "Lido tickets",
                    "<li><strong>Lido tickets</strong> go on sale on Friday at 9 a.m.; last "
                    "year they sold out in a day.</li>\n",
                ),
                O(
                    "Pothole on Mercer Lane",
                    "<li><strong>Pothole on Mercer Lane</strong> filled, after eleven "
                    "reports and one flat tyre.</li>\n",
                ),
                O(
                    "New postbox",
                    "<li><strong>New postbox</strong> at the corner of Dray Street and Holt "
                    "Road, collected at 5.30 p.m.</li>\n",
                ),
                O(
                    "Thank you",
                    "<li><strong>Thank you</strong> to the 41 people who came to the litter "
                    "pick on Sunday.</li>\n",
                ),
                R("</ul>\n"),
                S(
                    "Events",
                    eg_right_h("Events", styled=True)
                    + "<ul>"
                    + "".join(
                        f'<li style="margin:0 0 6px"><b>{d}</b> {x}</li>'
                        for d, x in (
                            ("Sat 25", "Plant swap, the bandstand, 10–1"),
                            ("Wed 29", "Depot design drop-in, community hall, 4–8 p.m."),
                            ("Sat 2", "Eastgate Runners 5k, the park, 9 a.m."),
                        )
                    )
                    + "</ul>\n",
                ),
                R(COLS_CLOSE),
                C(
                    "Copyright © 2026 The Eastgate Weekly, all rights reserved",
                    eg_footer(),
                    alts=("Update your preferences",),
                ),
            ],
        )
    )
    write(
        "newsletter-two-columns",
        rss_escaped(
            "The Eastgate Weekly",
            EG,
            "News, notes and events from Eastgate, every Friday.",
            posts,
            generator="MailChimp",
        ),
        posts,
    )


def main():
    product_hunt_style()
    local_council_minutes()
    book_club_letter()
    devops_incident_roundup()
    photo_essay_and_gallery()
    newsletter_two_columns()


if __name__ == "__main__":
    main()
