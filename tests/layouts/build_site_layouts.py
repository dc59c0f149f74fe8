#!/usr/bin/env python3
"""Build six site-layout sets for the sectioner (stdlib only, deterministic).

    python3 tests/layouts/build_site_layouts.py

Writes, next to this file, NAME.xml and NAME.expected.json for six sets whose layouts are in
neither the development corpus (shared/feeds/sectioning/) nor the other builders of this directory:

    wordpress-classic-bold-caps
                        a local-news WordPress roundup (classic editor, content:encoded):
                        "<p><strong>ALL CAPS HEADLINE</strong></p>" or upper-case styled <span>
                        headlines, <p>&nbsp;</p> spacers, a "Sponsored content" <div
                        class="sponsored">, a "BRIEFLY" list, "The post … appeared first on …"
    substack-podcast-and-thread
                        Substack posts: a podcast episode (native-audio-embed, "Listen now",
                        timestamped show notes, a transcript excerpt; whole), a discussion thread
                        (a prompt and a "Leave a comment" button; whole), and weekend links with
                        <h3> categories over "<p><a>Title</a> — comment</p>" items
    hugo-changelog-roundup
                        a project's monthly blog roundup (Hugo RSS, escaped <description>): <h2>
                        areas ("Compiler", "Docs", "Community") over <h3> stories, a "Releases"
                        list, a "Contributors" list of names and a "Thanks" sign-off
    email-forward-style a personal newsletter sent as plain HTML e-mail (escaped <description>):
                        stories separated by "* * *" or centred "~" ornaments, each opening with
                        a bold first sentence that is its headline; an intro, a sign-off, a P.S.
    news-site-rss-fulltext
                        a news site's full-text RSS, one article per item (all whole): <h2>
                        subheads that read like headlines, pull quotes, a "Related:" line, an
                        author bio box and a "Read more at …" footer
    twitter-thread-roundup
                        a newsletter quoting social posts: "<p><strong>Headline</strong></p>",
                        an embedded tweet (blockquote.twitter-tweet) and a comment per item, a
                        "Chart of the week" <figure> under an <h3>, an "Ask me anything" reader
                        question in bold with its answer, sponsor and sign-off

Every word was made up for this test (people, places, companies, products and projects are
fictional). Labelling follows the rules in shared/feeds/sectioning/README.md ("Labels", "What
a careful reader cuts"). Each post is a list of blocks that carry their own label, so the
expected file cannot drift from the feed:

    S(title, html)            a story a careful reader cuts out, titled as printed (rule 1)
    C(label, html, alts=())   chrome: ad, widget, contents list, category label, sign-off,
                              footer; `alts` are other names the same block could be given by a
                              sectioner (each must also occur in the block)
    O(label, html, alts=())   optional: may or may not be cut
    R(html)                   anything else (preamble, spacers, ornaments, wrappers): no label
A post built with whole=True must stay one section, titled with the post's own title.

`check` refuses a label that does not occur, character for character, in its own block's text.

Judgement calls (held consistent across sets):
- upper-case headlines are titled in capitals, as printed; a "BRIEFLY" or "POLICE LOG" list of
  one-line items is ONE story titled by its heading (rule 4);
- a sponsored block (its label and its own headline) is chrome, as are "The post … appeared
  first on …" footers, Substack subscribe / share / comment widgets, sign-offs, author bio
  boxes and "Read more at …" lines;
- a linked title followed by its own sentence(s) of comment is a story titled by the link; the
  category headings over such items ("Reading", "Watching", "Compiler", "Docs") are category
  labels (chrome); a run of bare links with a few words each is one story (rule 4);
- a podcast episode post (show notes with timestamps, a transcript excerpt) and a discussion
  thread stay whole, and so does a news article with <h2> subheads: one argument, one story
  (rule 5);
- a "Contributors" list of names is optional (credits, not news); a "Releases" list of version
  bullets is one story;
- in an e-mail with ornament separators, each story's bold first sentence is its headline
  (trailing full stop dropped); a short greeting is a preamble, but an opening letter with news
  of its own is a story titled by its salutation (rule 6); a P.S. with news of its own is
  optional, one that only asks for replies is chrome;
- a quoted tweet stays in the story it illustrates (rule 3); "Chart of the week" under its own
  <h3> is a story titled by that heading; "Ask me anything" is one story titled by its heading,
  the reader's bold question being part of it.
"""

from __future__ import annotations

import re

from layoutkit import (
    C,
    O,
    Post,
    R,
    S,
    atom,
    day,
    esc,
    rss_encoded,
    rss_escaped,
    write,
)

# ================================================================ 1. wordpress-classic-bold-caps

ML = "https://millbrookledger.example.com"
SP = "<p>&nbsp;</p>\n"


def ml_h(text):
    return f"<p><strong>{text}</strong></p>\n"


def ml_span(text):
    return f'<p><span style="text-transform:uppercase;font-weight:700">{text}</span></p>\n'


def ml_p(*paras):
    return "".join(f"<p>{p}</p>\n" for p in paras)


def ml_sponsored(name, url, text):
    return (
        '<div class="sponsored"><p><em>Sponsored content</em></p>\n'
        f"<p><strong>{name}</strong></p>\n<p>{text} "
        f'<a href="{url}" rel="sponsored noopener">Learn more</a></p></div>\n'
    )


def ml_footer(title, link):
    return (
        f'<p>The post <a href="{link}">{esc(title)}</a> appeared first on '
        f'<a href="{ML}">The Millbrook Ledger</a>.</p>\n'
    )


def wordpress_classic_bold_caps():
    posts = []
    t = "Weekend roundup: bridge closure, library hours and a record pumpkin"
    link = f"{ML}/2026/10/03/weekend-roundup-bridge-closure-library-hours/"
    posts.append(
        Post(
            t,
            link,
            day(2026, 10, 3, 8, 15),
            author="Renata Vossberg",
            summary="Mill Street bridge closes for repairs, the library changes its hours, "
            "and a Ferncliff grower breaks the county pumpkin record. [&#8230;]",
            extra={"categories": ["Local News", "Roundup"]},
            blocks=[
                R(
                    ml_p(
                        "Good morning, Millbrook. Here is what happened around town this week, "
                        "and what to plan around next week."
                    )
                    + SP
                ),
                S(
                    "MILL STREET BRIDGE TO CLOSE FOR SIX WEEKS",
                    ml_h("MILL STREET BRIDGE TO CLOSE FOR SIX WEEKS")
                    + ml_p(
                        "The Mill Street bridge over the Tansy River will close to all traffic "
                        "from Monday, October 12, while county crews replace the expansion joints "
                        "and resurface the deck. The work is expected to last six weeks, weather "
                        "permitting.",
                        "Drivers will be sent along Orchard Road and across the Wexley Street "
                        "bridge, which adds about four minutes at rush hour, according to county "
                        "engineer Dolores Ankrah. A temporary footbridge will stay open for people "
                        "walking and cycling, and the 14 bus will stop at the Orchard Road "
                        "pharmacy instead of the bridge stop.",
                        "“The joints are forty years old and we are patching the patches,” "
                        "Ankrah told the select board on Tuesday. “This is the last year we can "
                        "put it off.”",
                    )
                    + SP,
                ),
                S(
                    "LIBRARY MOVES TO WINTER HOURS",
                    ml_h("LIBRARY MOVES TO WINTER HOURS")
                    + ml_p(
                        "The Hollis Memorial Library will open at 10 a.m. instead of 9 a.m. on "
                        "weekdays starting November 2, and stay open until 8 p.m. on Tuesdays and "
                        "Thursdays. Director Kwame Lindqvist said the change follows a survey in "
                        "which most patrons said they could not get there before work but could "
                        "come in the evening. Saturday hours stay the same."
                    )
                    + SP,
                ),
                C(
                    "Sponsored content",
                    ml_sponsored(
                        "HARTWELL HARDWARE FALL CLEAN-UP SALE",
                        "https://hartwellhardware.example.com/fall",
                        "Rakes, leaf bags and gutter guards are 20% off through October 18 at "
                        "Hartwell Hardware on Main Street. Family-owned since 1958.",
                    )
                    + SP,
                    alts=("HARTWELL HARDWARE FALL CLEAN-UP SALE",),
                ),
                S(
                    "FERNCLIFF GROWER BREAKS COUNTY PUMPKIN RECORD",
                    ml_h("FERNCLIFF GROWER BREAKS COUNTY PUMPKIN RECORD")
                    + ml_p(
                        "A pumpkin grown by Augustin Pelletier of Ferncliff Road weighed in at "
                        "1,412 pounds at the Tansy Valley Fair on Saturday, beating the county "
                        "record set in 2019 by 87 pounds. Pelletier, a retired school bus "
                        "driver, said the secret was “a lot of manure and a lot of talking to it.”",
                        "The pumpkin will be on display outside the fire station until Halloween, "
                        "when it will be carved by the Millbrook High art club.",
                    )
                    + SP,
                ),
                S(
                    "BRIEFLY",
                    ml_h("BRIEFLY")
                    + "<ul>\n<li>Leaf pickup begins October 19; bags must be paper, not plastic."
                    "</li>\n<li>The Grange hall roof fund has reached $31,000 of its $45,000 goal."
                    "</li>\n<li>Flu shots are free at the senior center on Wednesday, 9 a.m. to "
                    "noon.</li>\n<li>The transfer station is closed on Columbus Day.</li>\n</ul>\n"
                    + SP,
                ),
                C(f"The post {t} appeared first on The Millbrook Ledger", ml_footer(t, link)),
            ],
        )
    )
    t = "Weekend roundup: school budget vote, a new bakery, and the police log"
    link = f"{ML}/2026/10/10/weekend-roundup-school-budget-vote-new-bakery/"
    posts.append(
        Post(
            t,
            link,
            day(2026, 10, 10, 8, 5),
            author="Renata Vossberg",
            summary="Voters will decide the school budget on the 27th; a bakery opens in the old "
            "bank; and a quiet week for police. [&#8230;]",
            extra={"categories": ["Local News", "Roundup"]},
            blocks=[
                R(ml_p("Happy Saturday, neighbors. A busy week at town hall.") + SP),
                S(
                    "SCHOOL BUDGET HEADS TO VOTERS ON OCTOBER 27",
                    ml_span("SCHOOL BUDGET HEADS TO VOTERS ON OCTOBER 27")
                    + ml_p(
                        "After a second round of cuts, the school committee voted 4-1 on Thursday "
                        "to send a $18.6 million budget to a special town meeting vote on "
                        "October 27. That is $410,000 less than the first proposal, which voters "
                        "rejected in June, and 3.1% more than last year.",
                        "Most of the savings come from not replacing two retiring teachers at "
                        "the middle school and delaying the purchase of a new bus. Committee "
                        "member Ingrid Oyelaran, the lone no vote, said the cuts would push "
                        "seventh-grade class sizes to 27. Superintendent Farid Castellanos said "
                        "he would rather keep the teachers and drop the bus, but that the "
                        "state reimbursement for transport made that the more expensive choice.",
                        "Voting runs from 7 a.m. to 8 p.m. at the community center. Absentee "
                        "ballots are available from the town clerk until October 23.",
                    )
                    + SP,
                ),
                S(
                    "OLD BANK BUILDING BECOMES A BAKERY",
                    ml_span("OLD BANK BUILDING BECOMES A BAKERY")
                    + ml_p(
                        "The granite building at 2 Main Street, empty since Tansy Savings closed "
                        "its branch in 2023, will reopen on October 16 as Crumb &amp; Vault, a "
                        "bakery run by sisters Elodie and Maren Sato. The old vault will be the "
                        "cold room for the sourdough; the sisters say they kept the door "
                        "“because nobody could work out how to move it.”"
                    )
                    + SP,
                ),
                S(
                    "CROSSWALK PAINTED AT ELM AND SCHOOL STREETS",
                    ml_span("CROSSWALK PAINTED AT ELM AND SCHOOL STREETS")
                    + ml_p(
                        "The long-requested crosswalk is in, with a flashing beacon due next month."
                    )
                    + SP,
                ),
                C(
                    "Sponsored content",
                    ml_sponsored(
                        "TANSY VALLEY CREDIT UNION",
                        "https://tansyvalleycu.example.org/heloc",
                        "Thinking about a new roof before winter? Ask about our home equity line "
                        "with no closing costs. Member NCUA.",
                    )
                    + SP,
                    alts=("TANSY VALLEY CREDIT UNION",),
                ),
                S(
                    "POLICE LOG",
                    ml_span("POLICE LOG")
                    + ml_p(
                        "<em>Monday, 9:42 a.m.</em> — A caller on Birch Lane reported a loose "
                        "goat; it was returned to its owner.",
                        "<em>Wednesday, 6:10 p.m.</em> — Minor two-car crash at Main and Orchard; "
                        "no injuries.",
                        "<em>Friday, 11:55 p.m.</em> — Noise complaint on Depot Street; the "
                        "party ended on request.",
                    )
                    + SP,
                ),
                C(f"The post {t} appeared first on The Millbrook Ledger", ml_footer(t, link)),
            ],
        )
    )
    t = "Weekend roundup: a letter about parking, the harvest supper, and a new fire chief"
    link = f"{ML}/2026/10/17/weekend-roundup-parking-letter-harvest-supper-fire-chief/"
    posts.append(
        Post(
            t,
            link,
            day(2026, 10, 17, 8, 20),
            author="Theo Brannigan",
            summary="A new fire chief is sworn in, the harvest supper sells out, and a reader "
            "writes about parking on Main Street. [&#8230;]",
            extra={"categories": ["Local News", "Roundup", "Letters"]},
            blocks=[
                R(
                    ml_p(
                        "Renata is away this week, so you have me. Three stories and a letter, "
                        "and the usual reminders."
                    )
                    + SP
                ),
                S(
                    "NEW FIRE CHIEF SWORN IN",
                    ml_h("NEW FIRE CHIEF SWORN IN")
                    + ml_p(
                        "Captain Yesenia Holloway-Mbeki became Millbrook’s first woman fire chief "
                        "on Monday, taking the oath in front of a packed station bay. Holloway-"
                        "Mbeki, 46, joined the department as a call firefighter in 2003 and has "
                        "led its training program since 2017.",
                        "She said her first priority is recruiting: the department has 22 call "
                        "firefighters, down from 35 ten years ago, and daytime calls often get "
                        "only three or four responders. She wants to start a junior firefighter "
                        "program at the high school by spring and to ask the town for stipends "
                        "for daytime coverage.",
                        "Retiring chief Walt Ferreira, who served 19 years, handed her the "
                        "brass speaking trumpet that has passed between chiefs since 1921.",
                    )
                    + SP,
                ),
                S(
                    "HARVEST SUPPER SELLS OUT IN A DAY",
                    ml_h("HARVEST SUPPER SELLS OUT IN A DAY")
                    + ml_p(
                        "All 180 tickets for the First Parish harvest supper on October 24 were "
                        "gone by Tuesday afternoon. Organizers say they will add a second seating "
                        "next year. If you have a ticket and can’t go, the church office keeps a "
                        "waiting list."
                    )
                    + SP,
                ),
                S(
                    "LETTER TO THE EDITOR: PARKING ON MAIN STREET",
                    ml_h("LETTER TO THE EDITOR: PARKING ON MAIN STREET")
                    + ml_p(
                        "<em>To the editor:</em>",
                        "The two-hour limit on Main Street is enforced on weekdays, when there "
                        "are plenty of spaces, and not on Saturdays, when there are none. I run "
                        "the frame shop at number 14 and I watch the same three cars sit outside "
                        "from opening to close every weekend. Either enforce it when it matters "
                        "or paint the lines over.",
                        "<em>— Philippa Achebe-Lund, Main Street</em>",
                    )
                    + SP,
                ),
                C(
                    "Sponsored content",
                    ml_sponsored(
                        "GREENLEAF TREE SERVICE",
                        "https://greenleaftrees.example.com",
                        "Storm season is coming. Free estimates on pruning and removals, fully "
                        "insured, serving the Tansy Valley since 1994.",
                    )
                    + SP,
                    alts=("GREENLEAF TREE SERVICE",),
                ),
                C(
                    "Send us your news",
                    ml_p(
                        "<em>Send us your news: tips@millbrookledger.example.com. The Ledger is "
                        "free and reader-supported.</em>"
                    ),
                ),
                C(f"The post {t} appeared first on The Millbrook Ledger", ml_footer(t, link)),
            ],
        )
    )
    write(
        "wordpress-classic-bold-caps",
        rss_encoded(
            "The Millbrook Ledger",
            ML,
            "Local news for Millbrook and the Tansy Valley",
            "https://wordpress.org/?v=6.8.2",
            posts,
            language="en-US",
        ),
        posts,
    )


# ================================================================ 2. substack-podcast-and-thread

FH = "https://fieldhouse.substack.com"


def fh_subscribe():
    return (
        '<div class="subscription-widget-wrap-editor" data-attrs="{&quot;url&quot;:&quot;'
        f"{FH}/subscribe?&quot;,&quot;text&quot;:&quot;Subscribe&quot;,&quot;language&quot;:"
        '&quot;en&quot;}" data-component-name="SubscribeWidgetToDOM">'
        '<div class="subscription-widget show-subscribe"><div class="preamble">'
        '<p class="cta-caption">Field House is a reader-supported publication. To receive new '
        "posts and support my work, consider becoming a free or paid subscriber.</p></div>"
        '<form class="subscription-widget-subscribe"><input type="email" class="email-input" '
        'name="email" placeholder="Type your email&#8230;" tabindex="-1"><input type="submit" '
        'class="button primary" value="Subscribe"><div class="fake-input-wrapper">'
        '<div class="fake-input"></div><div class="fake-button"></div></div></form></div></div>'
    )


def fh_button(url, text):
    return (
        f'<p class="button-wrapper" data-attrs="{{&quot;url&quot;:&quot;{url}&quot;,'
        f"&quot;text&quot;:&quot;{text}&quot;,&quot;action&quot;:null,&quot;class&quot;:null}}"
        f'" data-component-name="ButtonCreateButton"><a class="button primary" href="{url}">'
        f"<span>{text}</span></a></p>"
    )


def fh_audio(key, title, secs):
    return (
        '<div class="native-audio-embed" data-component-name="AudioPlaceholder" '
        f'data-attrs="{{&quot;label&quot;:null,&quot;mediaUploadId&quot;:&quot;{key}&quot;,'
        f"&quot;duration&quot;:{secs},&quot;downloadable&quot;:false,&quot;isEditorNode&quot;:"
        'true}"></div>'
        f'<p><a href="{FH}/p/{title}?utm_source=substack&amp;utm_medium=podcast">Listen now</a>'
        " (" + f"{secs // 60} min" + ") | Listen on Apple Podcasts, Spotify or in the Substack app"
        "</p>"
    )


def fh_item(url, title, comment):
    return f'<p><a href="{url}">{title}</a> — {comment}</p>'


def substack_podcast_and_thread():
    posts = []
    slug = "episode-31-the-last-drive-in"
    posts.append(
        Post(
            "Episode 31: The last drive-in on Route 9",
            f"{FH}/p/{slug}",
            day(2026, 5, 14, 11, 0),
            author="Corinne Achterberg",
            guid=f"{FH}/p/{slug}",
            summary="Harold Vinter has run the Starlite for 44 summers. This might be the last.",
            whole=True,
            blocks=[
                R(
                    fh_audio("b3f1c7d2-6a0e-4e1b-9f52-0d7c4e2a8b11", slug, 2874)
                    + "<p>Harold Vinter bought the Starlite Drive-In outside Pellham in 1982 with "
                    "money from selling his father’s boat. Forty-four summers later, the land is "
                    "worth more than every ticket he has ever sold, and a warehouse developer has "
                    "made an offer. I sat with him in the projection booth on a wet Tuesday "
                    "evening, while eleven cars watched a film about dinosaurs, to talk about "
                    "what a drive-in is for.</p>"
                    "<h3>Show notes</h3><ul>"
                    "<li><p>00:00 — Cold open: the sound of the carbon-arc projector</p></li>"
                    "<li><p>02:15 — How Harold came to buy the Starlite in 1982</p></li>"
                    "<li><p>11:40 — The switch to digital, and the $70,000 it cost</p></li>"
                    "<li><p>24:05 — Regulars: the couple who have come every Friday since "
                    "1990</p></li>"
                    "<li><p>36:30 — The developer’s offer, and what Harold’s children think</p>"
                    "</li><li><p>44:10 — What he will do on the last night</p></li></ul>"
                    "<p>Music by Lantern Street. The Starlite is open Thursday to Sunday until "
                    "the end of September.</p>"
                    "<h3>From the transcript</h3>"
                    "<blockquote><p><strong>Corinne:</strong> Do you watch the films?</p>"
                    "<p><strong>Harold:</strong> Never. I watch the cars. You can tell from "
                    "the brake lights whether a film is any good. If they go on in the last "
                    "ten minutes, people are leaving before the end. A good film, nobody "
                    "touches the brakes.</p>"
                    "<p><strong>Corinne:</strong> And tonight?</p>"
                    "<p><strong>Harold:</strong> Tonight is a brake-light film.</p></blockquote>"
                    "<p>The full transcript is available to paid subscribers.</p>"
                ),
                C(
                    "Field House is a reader-supported publication",
                    fh_subscribe(),
                ),
                C(
                    "Share",
                    fh_button(f"{FH}/p/{slug}?utm_source=substack&amp;action=share", "Share"),
                ),
            ],
        )
    )
    slug = "discussion-thread-what-should-the-town-keep"
    posts.append(
        Post(
            "Discussion thread: what would you save?",
            f"{FH}/p/{slug}",
            day(2026, 5, 20, 17, 30),
            author="Corinne Achterberg",
            guid=f"{FH}/p/{slug}",
            summary="Tell me about a place near you that should not disappear.",
            whole=True,
            blocks=[
                R(
                    "<p>After the Starlite episode, a lot of you wrote to tell me about a place "
                    "near you that is hanging on: a bowling alley, a lunch counter, a ferry "
                    "with one boat left. I would like to collect them.</p>"
                    "<p>So this week’s thread is simple. Name one place near you that you "
                    "would save if you could, and tell us why in a sentence or two. I will "
                    "read every reply and pick a few to visit for the autumn season.</p>"
                    "<p>Be kind in the comments; this is a thread for nostalgia, not for "
                    "arguments about zoning.</p>"
                ),
                C(
                    "Leave a comment",
                    fh_button(f"{FH}/p/{slug}/comments", "Leave a comment"),
                ),
            ],
        )
    )
    slug = "weekend-links-may-23"
    posts.append(
        Post(
            "Weekend links: carousels, ferries and a very long walk",
            f"{FH}/p/{slug}",
            day(2026, 5, 23, 9, 0),
            author="Corinne Achterberg",
            guid=f"{FH}/p/{slug}",
            summary="Things I read and watched this week, with a note on each.",
            blocks=[
                R(
                    "<p>Hello from a rainy porch. Here is what kept me company this week; as "
                    "ever, none of these people know I am linking to them.</p>"
                ),
                C("Reading", "<h3>Reading</h3>"),
                S(
                    "The carousel carvers of Dunmore",
                    fh_item(
                        "https://lostcraft.example.com/dunmore-carvers",
                        "The carousel carvers of Dunmore",
                        "A long, affectionate piece on the three families who carved most of "
                        "the wooden horses on the east coast between 1890 and 1930. The "
                        "photographs of the unfinished heads are worth the click on their own, "
                        "and the ending made me call my grandmother.",
                    ),
                ),
                S(
                    "Why the Quillan ferry still runs",
                    fh_item(
                        "https://harbourpost.example.org/quillan-ferry",
                        "Why the Quillan ferry still runs",
                        "A crossing with 40 passengers a day should have closed decades ago. "
                        "This explains, with spreadsheets, why it hasn’t.",
                    ),
                ),
                S(
                    "A field guide to ghost signs",
                    fh_item(
                        "https://ghostsigns.example.net/guide",
                        "A field guide to ghost signs",
                        "Once you start seeing faded painted adverts on brick walls you cannot "
                        "stop.",
                    ),
                ),
                C("Watching", "<h3>Watching</h3>"),
                S(
                    "Six hundred miles on the old post road",
                    fh_item(
                        "https://video.example.com/watch/old-post-road",
                        "Six hundred miles on the old post road",
                        "Ines Brathwaite walked the whole of the colonial post road in a summer "
                        "and filmed every milestone that still stands. It is slow, and it is "
                        "meant to be; put it on when you are cooking.",
                    ),
                ),
                S(
                    "The last projectionist",
                    fh_item(
                        "https://shortdocs.example.org/last-projectionist",
                        "The last projectionist",
                        "A twelve-minute short about a cinema in Arlesford that still shows "
                        "35mm every Sunday. A good companion to episode 31.",
                    ),
                ),
                S(
                    "Odds and ends",
                    "<h3>Odds and ends</h3><ul>"
                    '<li><p><a href="https://maps.example.com/milestones">A map of surviving '
                    "milestones</a></p></li>"
                    '<li><p><a href="https://archive.example.org/starlite-1984">The Starlite’s '
                    "1984 programme</a>, scanned</p></li>"
                    '<li><p><a href="https://recipes.example.net/diner-pie">A diner’s pie crust '
                    "recipe</a></p></li></ul>",
                ),
                C(
                    "Thanks for reading Field House",
                    "<p>Thanks for reading Field House. See you on Thursday.</p>",
                ),
                C("Field House is a reader-supported publication", fh_subscribe()),
            ],
        )
    )
    write(
        "substack-podcast-and-thread",
        rss_encoded(
            "Field House",
            FH,
            "Stories about the places that are hanging on. A podcast and a letter.",
            "Substack",
            posts,
        ),
        posts,
    )


# ================================================================ 3. hugo-changelog-roundup

HB = "https://harbor-lang.example.org"


def hb_h2(text):
    anchor = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return f'<h2 id="{anchor}">{text}</h2>\n'


def hb_h3(text):
    anchor = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return f'<h3 id="{anchor}">{esc(text)}</h3>\n'


def hb_story(title, *paras):
    return hb_h3(title) + "".join(f"<p>{p}</p>\n" for p in paras)


def hb_thanks(who):
    return (
        hb_h2("Thanks")
        + "<p>Thanks for reading, and for building Harbor with us. See you next month!</p>\n"
        f"<p>— {who}, for the Harbor team</p>\n"
    )


def hugo_changelog_roundup():
    posts = []
    posts.append(
        Post(
            "This month in Harbor: March 2026",
            f"{HB}/blog/2026/04/this-month-in-harbor-march-2026/",
            day(2026, 4, 2, 14, 0),
            blocks=[
                R(
                    "<p>March was the month the new type checker landed on the main branch, the "
                    "docs got a search box, and we met a lot of you in person. Here is the "
                    "round-up.</p>\n"
                ),
                C("Compiler", hb_h2("Compiler")),
                S(
                    "The new type checker is on by default",
                    hb_story(
                        "The new type checker is on by default",
                        "After eight months behind the <code>--next-checker</code> flag, the "
                        "rewritten type checker is now the default on <code>main</code> and will "
                        "ship in Harbor 0.19. It infers generic parameters across function "
                        "boundaries, reports every error in a file rather than stopping at the "
                        "first, and is about 40% faster on the standard library.",
                        "The old checker stays available as <code>--legacy-checker</code> until "
                        "0.21. If your project stops compiling, please open an issue with the "
                        "smallest example you can find; Saoirse Nakamura is triaging them daily.",
                    ),
                ),
                S(
                    "Incremental builds for workspaces",
                    hb_story(
                        "Incremental builds for workspaces",
                        "Workspaces with several packages now reuse the build cache between "
                        "packages, so changing one package no longer rebuilds its neighbours. On "
                        "the Tidewell monorepo (63 packages) a no-op rebuild went from 41 seconds "
                        "to 3.",
                    ),
                ),
                S(
                    "Better error messages for missing imports",
                    hb_story(
                        "Better error messages for missing imports",
                        "The compiler now suggests the import you probably meant.",
                    ),
                ),
                C("Docs", hb_h2("Docs")),
                S(
                    "The documentation site has search",
                    hb_story(
                        "The documentation site has search",
                        "docs.harbor-lang.example.org now has a search box, built on a static "
                        "index so it works offline in the downloadable docs too. It searches the "
                        "guide, the standard library reference and the changelog. Thanks to "
                        "Emeka Lindholm, who wrote it over three weekends.",
                    ),
                ),
                S(
                    "A new chapter on error handling",
                    hb_story(
                        "A new chapter on error handling",
                        "The guide has a new chapter, “Errors without tears”, that walks through "
                        "<code>Result</code>, the <code>?</code> operator and when to panic. It "
                        "replaces the two short pages that used to cover this and that most "
                        "people, by our analytics, left after a paragraph.",
                    ),
                ),
                C("Community", hb_h2("Community")),
                S(
                    "HarborConf 2026 tickets are on sale",
                    hb_story(
                        "HarborConf 2026 tickets are on sale",
                        "HarborConf returns to Lisvane on 18–19 September. Early-bird tickets are "
                        "€90 until the end of May, and the call for talks is open until 30 April. "
                        "First-time speakers can ask for a mentor when they submit.",
                    ),
                ),
                S(
                    "Meetups in Oslund and Port Avery",
                    hb_story(
                        "Meetups in Oslund and Port Avery",
                        "Two new user groups met for the first time this month: 25 people in "
                        "Oslund and a dozen in Port Avery, where, we are told, the talk on "
                        "pattern matching ran an hour over.",
                    ),
                ),
                O(
                    "Contributors",
                    hb_h2("Contributors")
                    + "<p>Harbor is made by its contributors. This month, 47 people landed "
                    "changes, 12 of them for the first time:</p>\n"
                    "<p>Aino Berglund, Bartosz Mensah, Chiara Okafor, Dev Raghunathan, Elif "
                    "Sørby, Femi Castellano, Greta Ivanova, Hamza Lindgren, Isolde Park, "
                    "Jonas Abara, Keziah Moreau, Luis Tanaka</p>\n",
                ),
                C("Thanks", hb_thanks("Marisol Eberhardt")),
            ],
        )
    )
    posts.append(
        Post(
            "This month in Harbor: April 2026",
            f"{HB}/blog/2026/05/this-month-in-harbor-april-2026/",
            day(2026, 5, 4, 14, 0),
            blocks=[
                R(
                    "<p>A release month. Harbor 0.19 is out, the package registry grew up a "
                    "little, and the docs team shipped translations.</p>\n"
                ),
                S(
                    "Releases",
                    hb_h2("Releases")
                    + "<ul>\n<li><strong>0.19.0</strong> (April 9): the new type checker, "
                    "workspace incremental builds</li>\n<li><strong>0.19.1</strong> (April 16): "
                    "fixes a crash on empty match arms</li>\n<li><strong>harbor-fmt 2.3</strong> "
                    "(April 22): keeps comments on chained calls in place</li>\n</ul>\n",
                ),
                C("Compiler", hb_h2("Compiler")),
                S(
                    "Harbor 0.19 is out",
                    hb_story(
                        "Harbor 0.19 is out",
                        "The biggest release since 0.10. Alongside the new type checker, 0.19 "
                        "brings workspace-wide incremental builds, <code>const</code> generics "
                        "for array lengths, and a smaller runtime (the hello-world binary is "
                        "down from 1.9 MB to 640 KB).",
                        "The upgrade guide lists the eleven programs in our test corpus that "
                        "needed changes, and what the changes were. Most were one-line type "
                        "annotations where the old checker guessed and the new one refuses to.",
                    ),
                ),
                S(
                    "A faster borrow check for closures",
                    hb_story(
                        "A faster borrow check for closures",
                        "Closures that capture many variables no longer make the borrow "
                        "checker quadratic. Jovan Achebe found the problem while compiling a "
                        "generated parser with 4,000 closures, which now takes 9 seconds "
                        "instead of six minutes.",
                    ),
                ),
                C("Docs", hb_h2("Docs")),
                S(
                    "The guide in Spanish and Japanese",
                    hb_story(
                        "The guide in Spanish and Japanese",
                        "The first six chapters of the guide are now available in Spanish and "
                        "Japanese, translated by volunteers and reviewed by native speakers. A "
                        "language switcher sits at the top of every page.",
                    ),
                ),
                S(
                    "Examples you can run in the browser",
                    hb_story(
                        "Examples you can run in the browser",
                        "Every example in the standard library reference has a Run button.",
                    ),
                ),
                C("Community", hb_h2("Community")),
                S(
                    "The registry now verifies publishers",
                    hb_story(
                        "The registry now verifies publishers",
                        "Packages on pkg.harbor-lang.example.org can now show a verified badge "
                        "when their publisher has linked a domain or a code-hosting account. "
                        "Unverified packages still install as before; the badge is information, "
                        "not a gate. The registry team explains the design, and why they chose "
                        "not to require it, in a separate post.",
                    ),
                ),
                S(
                    "Office hours move to Thursdays",
                    hb_story(
                        "Office hours move to Thursdays",
                        "The monthly video office hours move from Tuesdays to the first "
                        "Thursday of the month, at 16:00 UTC, so that people in Asia and the "
                        "Pacific can join before midnight.",
                    ),
                ),
                O(
                    "Contributors",
                    hb_h2("Contributors")
                    + "<p>Thank you to the 52 people who landed changes in April, including "
                    "these first-time contributors:</p>\n<ul>\n<li>Amara Quispe</li>\n"
                    "<li>Bo Henriksen</li>\n<li>Cyrus Adeyemi-Holt</li>\n<li>Daria Kovač</li>\n"
                    "<li>Eun-ji Marsh</li>\n</ul>\n",
                ),
                C("Thanks", hb_thanks("Marisol Eberhardt")),
            ],
        )
    )
    write(
        "hugo-changelog-roundup",
        rss_escaped(
            "Blog on Harbor",
            f"{HB}/blog",
            "Recent content in Blog on Harbor",
            posts,
            generator="Hugo -- gohugo.io",
        ),
        posts,
    )


# ================================================================ 4. email-forward-style

QL = "https://letters.quarrylane.example.net"
STARS = "<p>* * *</p>\n"
TILDE = '<p style="text-align:center">~</p>\n'


def ql_story(lead, first, *more):
    return f"<p><b>{lead}</b> {first}</p>\n" + "".join(f"<p>{p}</p>\n" for p in more)


def email_forward_style():
    posts = []
    posts.append(
        Post(
            "Quarry Lane letter, no. 14",
            f"{QL}/archive/14",
            day(2026, 2, 8, 19, 40),
            author="Ottilie Fairweather",
            blocks=[
                R(
                    '<div style="font-family:Georgia,serif;font-size:16px;line-height:1.5;'
                    'max-width:600px">\n<p>Hi all,</p>\n<p>It has been a fortnight of weather and '
                    "small disasters. Four things.</p>\n" + STARS
                ),
                S(
                    "The ferry is late again",
                    ql_story(
                        "The ferry is late again.",
                        "For the third week running the 7:40 from Carrick Point has left at "
                        "eight or later, which means I miss the bus on the other side and walk "
                        "the two miles to the studio in the rain. The ferry company blames a "
                        "shortage of deckhands; the deckhands I asked blame the ferry company.",
                        "There is a meeting at the village hall on the 19th. I am going, and I "
                        "am bringing a thermos and a list of every late departure since "
                        "January, which is longer than I would like.",
                    )
                    + STARS,
                ),
                S(
                    "The kiln survived",
                    ql_story(
                        "The kiln survived.",
                        "Just. The element that went in December was replaced under warranty, "
                        "and the first firing since came out with only two cracked bowls out of "
                        "thirty. I will take it.",
                    )
                    + TILDE,
                ),
                S(
                    "Who planted the daffodils on the roundabout?",
                    ql_story(
                        "Who planted the daffodils on the roundabout?",
                        "Nobody at the council knows. Three hundred bulbs, at a guess, all "
                        "coming up at once on the roundabout by the garage, in the shape of a "
                        "lopsided heart. Morwenna at the shop thinks it was the Tuesday "
                        "walking group; the Tuesday walking group says it wasn’t them, a little "
                        "too quickly.",
                        "If you know, tell me. I will not tell anyone. I will tell everyone.",
                    )
                    + STARS,
                ),
                S(
                    "A book I keep pressing on people",
                    ql_story(
                        "A book I keep pressing on people.",
                        "<i>The Salt Year</i> by Idris Pennock, about a man who spends a year "
                        "running a tidal salt pan on a Welsh estuary. Nothing happens and I "
                        "could not put it down. The library has two copies; one of them is on "
                        "my kitchen table and is very overdue.",
                    )
                    + STARS,
                ),
                C(
                    "Love, Ottilie",
                    "<p>That’s all from the lane. Write back, it makes my week.</p>\n"
                    "<p>Love,<br>Ottilie</p>\n",
                ),
                C(
                    "P.S. Forward this to anyone who might like it",
                    "<p>P.S. Forward this to anyone who might like it; they can reply to "
                    "subscribe.</p>\n</div>\n",
                ),
            ],
        )
    )
    posts.append(
        Post(
            "Quarry Lane letter, no. 15",
            f"{QL}/archive/15",
            day(2026, 2, 22, 20, 5),
            author="Ottilie Fairweather",
            blocks=[
                R('<div style="font-family:Georgia,serif;font-size:16px;line-height:1.5">\n'),
                S(
                    "Dear all",
                    "<p>Dear all,</p>\n<p>Some news of my own before the rest: I am moving. Not "
                    "far — to the cottage at the top of the lane, the one with the green door "
                    "that has been empty since Mrs Ambrose went to live with her daughter. It "
                    "has a proper workshop, a garden that is mostly bramble, and a view of "
                    "the quarry that I have wanted since I was nine.</p>\n<p>The move is on "
                    "the 14th of March. If you are local and own a van, or arms, I will pay "
                    "in soup. The letter will carry on as before, only with more complaining "
                    "about boxes.</p>\n" + TILDE,
                ),
                S(
                    "The meeting about the ferry was standing room only",
                    ql_story(
                        "The meeting about the ferry was standing room only.",
                        "About a hundred and twenty people, the ferry company’s operations "
                        "manager, and a councillor who had clearly expected forty. The company "
                        "promised two new deckhands by April and a text message when the 7:40 "
                        "is going to be late. I handed over my list. The councillor took a "
                        "photograph of it, which I am choosing to count as a win.",
                    )
                    + TILDE,
                ),
                S(
                    "It was the Tuesday walking group",
                    ql_story(
                        "It was the Tuesday walking group.",
                        "Of course it was. Three of you wrote to tell me, and one sent a "
                        "photograph of Elspeth Carrow on her knees on the roundabout in "
                        "November with a trowel and a head torch. The heart is lopsided because "
                        "a lorry came round.",
                    )
                    + TILDE,
                ),
                S(
                    "Seconds sale on Saturday",
                    ql_story(
                        "Seconds sale on Saturday.",
                        "Studio door open 10 till 2, everything with a wobble half price.",
                    )
                    + TILDE,
                ),
                C(
                    "Until the next one",
                    "<p>Until the next one,<br>— Ottilie</p>\n",
                    alts=("Ottilie",),
                ),
                O(
                    "P.S. The library has forgiven me",
                    "<p>P.S. The library has forgiven me. <i>The Salt Year</i> is back on the "
                    "shelf, and there is now a waiting list of six, four of them you.</p>\n"
                    "</div>\n",
                ),
            ],
        )
    )
    write(
        "email-forward-style",
        atom(
            "Quarry Lane",
            QL,
            f"{QL}/feed.atom",
            "tag:letters.quarrylane.example.net,2025:feed",
            "Letterbox",
            posts,
            author="Ottilie Fairweather",
        ),
        posts,
    )


# ================================================================ 5. news-site-rss-fulltext

HC = "https://www.harwickcourier.example.com"


def hc_pull(text):
    return f'<blockquote class="pullquote"><p>{text}</p></blockquote>\n'


def hc_related(url, title):
    return f'<p class="related"><strong>Related:</strong> <a href="{url}">{title}</a></p>\n'


def hc_bio(name, text, url):
    return (
        '<div class="author-bio"><img src="'
        f'{HC}/wp-content/uploads/staff/{url}.jpg" alt="{name}" width="80" height="80">'
        f'<p><strong><a href="{HC}/author/{url}/">{name}</a></strong></p><p>{text}</p></div>\n'
    )


def hc_footer(title, link):
    return (
        f'<p class="syndication">Read more at <a href="{link}">The Harwick Courier</a>: '
        f"{esc(title)}</p>\n"
    )


def hc_p(*paras):
    return "".join(f"<p>{p}</p>\n" for p in paras)


def news_site_rss_fulltext():
    posts = []
    t = "Council unveils £14m plan to rebuild Foundry Lane estate"
    link = f"{HC}/news/2026/06/11/council-unveils-plan-rebuild-foundry-lane-estate/"
    posts.append(
        Post(
            t,
            link,
            day(2026, 6, 11, 16, 45),
            author="Imogen Tarrant",
            summary="Residents of 212 homes will be moved in three phases under plans published "
            "on Wednesday.",
            extra={"categories": ["News", "Housing", "Harwick Council"]},
            whole=True,
            blocks=[
                R(
                    hc_p(
                        "Harwick Borough Council has published plans to demolish and rebuild "
                        "the Foundry Lane estate, moving the residents of its 212 homes in three "
                        "phases over six years.",
                        "The plan, which goes to the full council on 24 June, would replace the "
                        "estate’s four 1960s blocks with 290 homes in low-rise buildings around "
                        "a new public square. The council says every current tenant will be "
                        "offered a new home on the estate at the same rent.",
                    )
                    + "<h2>The council’s plan</h2>\n"
                    + hc_p(
                        "Under the proposals, the first phase would begin in spring 2027 with "
                        "Ashlar House, the block in the worst condition, whose tenants would be "
                        "moved to council homes elsewhere in Harwick for about two years before "
                        "returning.",
                        "The second and third phases would use the new buildings from phase one "
                        "as a “decant” site, so that most residents move only once. Of the 290 "
                        "new homes, 212 would be for social rent, 40 for shared ownership and 38 "
                        "for sale on the open market, which the council says is needed to make "
                        "the numbers work.",
                    )
                    + hc_pull(
                        "“We are not asking anyone to leave Foundry Lane. We are asking them to "
                        "move across the road.”"
                    )
                    + "<h2>How we got here</h2>\n"
                    + hc_p(
                        "The estate has been the subject of repeated complaints about damp and "
                        "mould since at least 2018. A survey commissioned by the council last "
                        "year found that repairing the blocks to a modern standard would cost "
                        "more than replacing them, largely because of the concrete panels used "
                        "in their construction.",
                        "Councillor Bernadette Okoro, cabinet member for housing, said the "
                        "decision had not been taken lightly. “We are not asking anyone to leave "
                        "Foundry Lane,” she said. “We are asking them to move across the road.”",
                    )
                    + hc_related(
                        f"{HC}/news/2025/11/03/foundry-lane-survey-repairs-cost/",
                        "Survey finds Foundry Lane repairs would cost more than rebuilding",
                    )
                    + "<h2>What residents say</h2>\n"
                    + hc_p(
                        "At a drop-in session at the estate’s community room on Wednesday "
                        "evening, reactions were mixed. Dennis Achterberg, who has lived in "
                        "Cooper House for 31 years, said he welcomed the plan but did not trust "
                        "the timetable. “They said the lifts would be fixed in 2019,” he said. "
                        "“I have been taking the stairs since.”",
                        "Samira Velasquez-Hart, chair of the Foundry Lane Tenants’ Association, "
                        "said residents wanted a ballot before any demolition. “People here are "
                        "not against new homes,” she said. “They are against being told.”",
                    )
                    + hc_pull(
                        "“People here are not against new homes. They are against being told.”"
                    )
                    + "<h2>The cost</h2>\n"
                    + hc_p(
                        "The council puts the cost of the scheme at £14.2m in its first phase "
                        "and about £61m overall, to be paid for by borrowing, a grant of £9m "
                        "from the regional housing fund and the sale of the 38 market homes.",
                        "Opposition councillors questioned whether the sales figure was "
                        "realistic after a fall in local house prices this year. The council’s "
                        "finance director said the plan had been tested against prices 15% "
                        "below today’s.",
                    )
                    + "<h2>What happens next</h2>\n"
                    + hc_p(
                        "The full council will vote on the plan on 24 June. If it is approved, "
                        "a formal consultation with residents will run over the summer and a "
                        "planning application is expected in the autumn. The tenants’ "
                        "association has said it will ask the council to hold a ballot before "
                        "the planning application is submitted.",
                    )
                ),
                C(
                    "Imogen Tarrant is the Courier’s local government reporter",
                    hc_bio(
                        "Imogen Tarrant",
                        "Imogen Tarrant is the Courier’s local government reporter. She has "
                        "covered Harwick Borough Council since 2021.",
                        "imogen-tarrant",
                    ),
                    alts=("Imogen Tarrant",),
                ),
                C("Read more at The Harwick Courier", hc_footer(t, link)),
            ],
        )
    )
    t = "Harwick Rovers promoted after late winner at Tollgate Park"
    link = f"{HC}/sport/2026/05/03/harwick-rovers-promoted-late-winner-tollgate-park/"
    posts.append(
        Post(
            t,
            link,
            day(2026, 5, 3, 18, 10),
            author="Callum Okonjo",
            summary="A 93rd-minute header from Joel Fenwick sends Rovers up for the first time "
            "since 1998.",
            extra={"categories": ["Sport", "Football"]},
            whole=True,
            blocks=[
                R(
                    hc_p(
                        "Harwick Rovers are promoted to the Northern Premier League for the "
                        "first time in 28 years after Joel Fenwick’s header in the third minute "
                        "of stoppage time beat Castlegate Town 2-1 at Tollgate Park on Saturday.",
                        "Needing a win to finish above Brayford on goal difference, Rovers fell "
                        "behind on the hour when Castlegate’s Ilya Marchetti curled in a free "
                        "kick. Substitute Amari Doyle levelled with eleven minutes left, and "
                        "Fenwick, the club’s longest-serving player, met a corner from Tobias "
                        "Lindqvist at the near post to send a crowd of 2,140 on to the pitch.",
                    )
                    + "<h2>‘I couldn’t see anything’</h2>\n"
                    + hc_p(
                        "“I just shut my eyes and went for it,” said Fenwick, 34, who joined "
                        "the club from its youth team in 2010. “I couldn’t see anything after "
                        "that because everyone was on top of me.”",
                        "Manager Rosalind Avery, in her second season, said promotion was “for "
                        "the people who kept coming when we were bottom of the league three "
                        "years ago”.",
                    )
                    + hc_pull("“I just shut my eyes and went for it.”")
                    + "<h2>A new league, a new stand</h2>\n"
                    + hc_p(
                        "Promotion means the club must add 250 covered seats to meet league "
                        "ground rules by August. Chairman Desmond Ekwueme said plans for a new "
                        "stand behind the Tollgate Road goal were already drawn up and that the "
                        "club would launch a supporters’ share offer next month to pay for it."
                    )
                    + hc_related(
                        f"{HC}/sport/2026/04/19/rovers-brayford-title-race/",
                        "Rovers and Brayford level on points with two games to go",
                    )
                ),
                C(
                    "Callum Okonjo covers sport for the Courier",
                    hc_bio(
                        "Callum Okonjo",
                        "Callum Okonjo covers sport for the Courier. He has followed Harwick "
                        "Rovers home and away since 2015.",
                        "callum-okonjo",
                    ),
                    alts=("Callum Okonjo",),
                ),
                C("Read more at The Harwick Courier", hc_footer(t, link)),
            ],
        )
    )
    t = "Market hall reopens with 30 traders after two-year restoration"
    link = f"{HC}/news/2026/06/20/market-hall-reopens-30-traders/"
    posts.append(
        Post(
            t,
            link,
            day(2026, 6, 20, 10, 30),
            author="Priya Hollingworth",
            summary="The Victorian market hall on Corn Street is open again, with a new glass "
            "roof and a waiting list for stalls.",
            extra={"categories": ["News", "Business"]},
            whole=True,
            blocks=[
                R(
                    hc_p(
                        "Harwick’s Victorian market hall reopened on Saturday after a two-year, "
                        "£5.8m restoration, with 30 traders and a queue that stretched down "
                        "Corn Street before the doors opened at nine.",
                        "The hall’s cast-iron frame has been repaired and repainted in its "
                        "original dark green, and the roof, which leaked so badly that stalls "
                        "in the north aisle used buckets, has been replaced with glass.",
                    )
                    + "<h2>Old names and new ones</h2>\n"
                    + hc_p(
                        "Eleven of the traders were in the hall before it closed, among them "
                        "Hobbs &amp; Daughter, butchers there since 1931. The newcomers include "
                        "a Sri Lankan kitchen, a bike repairer and a stall selling nothing but "
                        "buttons. The council says 46 more businesses are on the waiting list.",
                        "“My grandfather would not recognise the roof, but he would know the "
                        "smell,” said Gwen Hobbs, who has run the butcher’s stall since 1994.",
                    )
                    + hc_pull(
                        "“My grandfather would not recognise the roof, but he would know the "
                        "smell.”"
                    )
                    + "<h2>Opening hours</h2>\n"
                    + hc_p(
                        "The hall is open Tuesday to Saturday, 8am to 5pm, and until 9pm on "
                        "Fridays, when the food stalls stay open late."
                    )
                ),
                C(
                    "Priya Hollingworth is the Courier’s business reporter",
                    hc_bio(
                        "Priya Hollingworth",
                        "Priya Hollingworth is the Courier’s business reporter.",
                        "priya-hollingworth",
                    ),
                    alts=("Priya Hollingworth",),
                ),
                C("Read more at The Harwick Courier", hc_footer(t, link)),
            ],
        )
    )
    write(
        "news-site-rss-fulltext",
        rss_encoded(
            "The Harwick Courier",
            HC,
            "News, sport and what’s on in Harwick",
            "https://wordpress.org/?v=6.8.2",
            posts,
            language="en-GB",
        ),
        posts,
    )


# ================================================================ 6. twitter-thread-roundup

TL = "https://thetimeline.example.io"
TW_JS = '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'


def tl_tweet(text, name, handle, status, date):
    return (
        '<figure class="kg-card kg-embed-card"><blockquote class="twitter-tweet">'
        f'<p lang="en" dir="ltr">{text}</p>— {name} (@{handle}) '
        f'<a href="https://twitter.com/{handle}/status/{status}?ref_src=twsrc%5Etfw">{date}</a>'
        f"</blockquote>\n{TW_JS}</figure>"
    )


def tl_item(headline, tweet, *comment):
    return f"<p><strong>{headline}</strong></p>" + tweet + "".join(f"<p>{c}</p>" for c in comment)


def tl_sponsor(name, url, text):
    return (
        '<div class="kg-card kg-callout-card kg-callout-card-grey"><div class="kg-callout-emoji">'
        '📣</div><div class="kg-callout-text"><strong>A word from our sponsor</strong>'
        f'<br><a href="{url}">{name}</a> {text}</div></div>'
    )


def tl_chart(img, alt, caption):
    return (
        "<h3>Chart of the week</h3>"
        '<figure class="kg-card kg-image-card kg-card-hascaption">'
        f'<img src="{TL}/content/images/2026/{img}" class="kg-image" alt="{alt}" '
        'loading="lazy" width="1600" height="900">'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def twitter_thread_roundup():
    posts = []
    posts.append(
        Post(
            "The Timeline #62: a bridge, a bakery war and a very patient heron",
            f"{TL}/the-timeline-62/",
            day(2026, 7, 4, 7, 0),
            author="Rufus Adebayo-Klein",
            summary="The week in posts, with commentary.",
            blocks=[
                R(
                    "<p>Morning. A quieter week online, which in this newsletter means only "
                    "three fights and one bird. Here’s what people were posting about.</p>"
                ),
                S(
                    "The Pellham bridge opening went sideways",
                    tl_item(
                        "The Pellham bridge opening went sideways",
                        tl_tweet(
                            "The new Pellham footbridge opened at 10am. At 10:04 the mayor "
                            "cut the ribbon. At 10:06 a swan sat on it and would not move. We "
                            "are now at 10:40. Still swan.",
                            "Dagny Orsolya",
                            "dagnyorsolya",
                            "1808412265117593601",
                            "July 1, 2026",
                        ),
                        "Dagny’s live updates from the opening got more attention than the "
                        "bridge, which is a shame because it is a very good bridge: 140 metres, "
                        "step-free, lit at night. The swan left at 11:15 and the council has "
                        "since named the lamp nearest its spot after it.",
                    ),
                ),
                S(
                    "Two bakeries, one croissant",
                    tl_item(
                        "Two bakeries, one croissant",
                        tl_tweet(
                            "To be clear: we invented the cruffin-bun in 2023. We have the "
                            "receipts. We have the photos. We have the butter invoices.",
                            "Larch &amp; Loaf",
                            "larchandloaf",
                            "1808630019283746816",
                            "July 2, 2026",
                        ),
                        "Larch &amp; Loaf and Meridian Bakehouse, which face each other across "
                        "Tollbridge Street, spent three days arguing over who made the first "
                        "cruffin-bun (a croissant-muffin-bun, do keep up). The thread drew 9,000 "
                        "replies and, by the end, queues outside both shops.",
                        "My verdict, having eaten four: Meridian’s is better; Larch &amp; Loaf’s "
                        "is bigger.",
                    ),
                ),
                S(
                    "The heron cam is back",
                    tl_item(
                        "The heron cam is back",
                        tl_tweet(
                            "She’s back on the weir. Day 1 of the 2026 heron cam. Link in bio.",
                            "Ostby Wetlands Trust",
                            "ostbywetlands",
                            "1808955102837465090",
                            "July 3, 2026",
                        ),
                        "Eleven hours of a heron standing still. I have watched about four.",
                    ),
                ),
                C(
                    "A word from our sponsor",
                    tl_sponsor(
                        "Quillpost",
                        "https://quillpost.example.com/?ref=timeline",
                        "turns your bookmarks into a weekly digest you will actually read. Free "
                        "for the first three months for Timeline readers.",
                    ),
                    alts=("Quillpost",),
                ),
                S(
                    "Chart of the week",
                    tl_chart(
                        "07/ferry-ridership.png",
                        "Line chart of monthly ferry passengers, 2019 to 2026",
                        "Ferry passengers on the Carrick Point crossing have finally passed "
                        "their 2019 level, after six years below it. Source: Carrick Harbour "
                        "Board, monthly returns.",
                    ),
                ),
                S(
                    "Ask me anything",
                    "<h3>Ask me anything</h3>"
                    "<p><strong>Why do you never include posts from the big accounts? — Hollis, "
                    "Dunmore</strong></p>"
                    "<p>Because you have already seen them, Hollis. The big accounts have "
                    "millions of followers and a news cycle of their own; the point of this "
                    "letter is the post from the wetlands trust with 800 followers that "
                    "nobody would find otherwise.</p><p>There is also a practical reason: when "
                    "I quote a small account, I ask first, and small accounts answer.</p>",
                ),
                C(
                    "That’s the Timeline",
                    "<p>That’s the Timeline. Reply with anything you saw this week; I read "
                    "everything.</p><p>— Rufus</p>",
                ),
            ],
        )
    )
    posts.append(
        Post(
            "The Timeline #63: heat, a lost tortoise and the library’s new account",
            f"{TL}/the-timeline-63/",
            day(2026, 7, 11, 7, 0),
            author="Rufus Adebayo-Klein",
            summary="The week in posts, with commentary.",
            blocks=[
                R("<p>Morning. It was hot. Everyone posted about it. Here is everything else.</p>"),
                S(
                    "Have you seen Gordon?",
                    tl_item(
                        "Have you seen Gordon?",
                        tl_tweet(
                            "LOST: Gordon, a 61-year-old tortoise, last seen heading towards "
                            "the allotments on Friday at approximately 0.2 mph. Answers to "
                            "lettuce.",
                            "Marisa Quennell",
                            "marisaq",
                            "1810170334455667712",
                            "July 6, 2026",
                        ),
                        "The most shared post of the week in the Harwick area by some distance. "
                        "Gordon was found on Tuesday under a courgette plant on plot 31, two "
                        "hundred metres from home, looking, his owner says, “completely "
                        "unbothered.”",
                    ),
                ),
                S(
                    "The library has discovered posting",
                    tl_item(
                        "The library has discovered posting",
                        tl_tweet(
                            "Overdue book of the day: a copy of <i>Trains of the North</i>, "
                            "borrowed in 1987. Whoever you are, we are not angry. We are just "
                            "curious about the trains.",
                            "Harwick Libraries",
                            "harwicklibraries",
                            "1810532098712345678",
                            "July 8, 2026",
                        ),
                        "Harwick Libraries got a new social media officer in June, and it "
                        "shows. The overdue-book series has gained the account 12,000 "
                        "followers in a month, and on Thursday <i>Trains of the North</i> came "
                        "back, with a note and a fiver.",
                    ),
                ),
                S(
                    "A bus driver’s thread about the heat",
                    tl_item(
                        "A bus driver’s thread about the heat",
                        tl_tweet(
                            "1/ It was 41°C in my cab today. Some things I learned driving the "
                            "number 7 in a heatwave, a thread.",
                            "Kofi Ballantyne",
                            "kofidrives",
                            "1810899231234567890",
                            "July 9, 2026",
                        ),
                        "Worth reading to the end, where Kofi lists the three stops with no "
                        "shade at all. The transport authority replied that shelters are "
                        "“under review”.",
                    ),
                ),
                S(
                    "Chart of the week",
                    tl_chart(
                        "07/library-followers.png",
                        "Bar chart of Harwick Libraries followers by week",
                        "Harwick Libraries’ followers by week since the overdue-book series "
                        "began. The spike is the 1987 train book.",
                    ),
                ),
                S(
                    "Ask me anything",
                    "<h3>Ask me anything</h3>"
                    "<p><strong>Do you ever get it wrong? — Temperance, by e-mail</strong></p>"
                    "<p>Yes. Last month I quoted a post about a road closure that turned out to "
                    "be from 2019. I corrected it in the web version, but the e-mail had "
                    "already gone to 6,000 of you. I now check dates twice.</p>",
                ),
                C(
                    "That’s the Timeline",
                    "<p>That’s the Timeline. Reply with anything you saw this week; I read "
                    "everything.</p><p>— Rufus</p>",
                ),
            ],
        )
    )
    write(
        "twitter-thread-roundup",
        rss_encoded(
            "The Timeline",
            TL,
            "The week’s best local posts, with commentary. Every Saturday.",
            "Ghost 5.96",
            posts,
            self_path="rss/",
        ),
        posts,
    )


def main():
    wordpress_classic_bold_caps()
    substack_podcast_and_thread()
    hugo_changelog_roundup()
    email_forward_style()
    news_site_rss_fulltext()
    twitter_thread_roundup()


if __name__ == "__main__":
    main()
