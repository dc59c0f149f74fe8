#!/usr/bin/env python3
"""Build six reader-layout sets for the sectioner (stdlib only, deterministic).

    python3 tests/layouts/build_reader_layouts.py

Writes, next to this file, NAME.xml and NAME.expected.json for six sets whose layouts are in
neither the development corpus (shared/feeds/sectioning/) nor the other builders of this directory:

    buttondown-plain    Buttondown-style minimal HTML (escaped in <description>):
                        "<p><strong>Headline</strong></p>" stories, some opening with an image,
                        a "🔗 Elsewhere" list of links with one-line comments, P.S. paragraphs
    news-briefing       a daily news briefing: an <h2> lead story, "Here's what else is
                        happening:" bullets with bold topic lead-ins, an "Opinions" link list,
                        "Morning reads" <h3> items, a games block and a sign-off
    ghost-wide-images   Ghost project-update roundups: a kg-width-wide image card before each
                        <h2> story, a "Support us" product card, a "Changelog" list; one
                        step-by-step tutorial with <h2> steps (whole)
    jekyll-weekly-dl    a Jekyll weekly link digest (Atom, jekyll-feed): <h2> categories over
                        <dl> lists of <dt><a>Title</a></dt><dd>description</dd> items, a "Quote
                        of the week" blockquote
    newsletter-with-toc-anchors
                        a long beehiiv newsletter: an "In this issue" list of in-page anchors,
                        <h2 id> stories each ending in "↑ Back to top", a mid-post "SPONSORED"
                        block, a "Community corner" of reader submissions as blockquotes
    academic-digest     a research digest: papers as "<p><b>Title</b><br><i>Authors —
                        Venue</i><br>summary</p>" or "<h4><a>Title</a></h4><p><em>Authors</em>
                        </p><p>summary</p>" under <h3> topic labels; one review article with
                        "Motivation" / "Approach" / "Results" / "Limitations" parts (whole)

Every word was made up for this test (people, places, companies, products, projects and papers
are fictional). Labelling follows the rules in shared/feeds/sectioning/README.md ("Labels", "What
a careful reader cuts"). Each post is a list of blocks that carry their own label, so the
expected file cannot drift from the feed:

    S(title, html)            a story a careful reader cuts out, titled as printed (rule 1)
    C(label, html, alts=())   chrome: ad, widget, contents list, category label, sign-off,
                              footer; `alts` are other names the same block could be given by a
                              sectioner (each must also occur in the block)
    O(label, html, alts=())   optional: may or may not be cut
    R(html)                   anything else (preamble, spacers, wrappers): no label
A post built with whole=True must stay one section, titled with the post's own title.

`check` refuses a label that does not occur, character for character, in its own block's text.

Judgement calls (held consistent across sets):
- a list of links with a one-sentence comment each ("Elsewhere", "Opinions") is ONE story titled
  by its heading (rule 4); its items' link titles are optional, since a linked title with a
  comment can pass for a headline;
- bullets that open with a bold topic label ("Transport:", "Markets:") and go on in one or two
  sentences have no headline of their own: the list is ONE story titled by its lead-in line
  ("Here’s what else is happening"); each topic label is optional;
- a P.S. that carries news of its own is optional; a P.S. that only asks for replies or forwards
  is chrome, as are sign-offs, games and quiz promos, "Support us" product cards, sponsor blocks
  (headline included), contents lists, "↑ Back to top" links and category / topic labels (<h2>
  over a <dl>, <h3> over papers, "Morning reads");
- a "Changelog" heading over a list of changes is one story; a "Quote of the week" blockquote
  under its own <h2> is a story titled by that heading; "Community corner" with readers'
  blockquotes is one story (rule 3);
- a tutorial whose <h2>s are steps, and a review article whose <h3>s are "Motivation" …
  "Limitations", stay whole (rule 5).
"""

from __future__ import annotations

from layoutkit import (
    C,
    O,
    Post,
    R,
    S,
    day,
    esc,
    newest_first,
    rss_encoded,
    rss_escaped,
    write,
)

# ================================================================ 1. buttondown-plain (Buttondown RSS, escaped)

BD = "https://buttondown.com/allotment-letter/archive"
BD_IMG = "https://assets.buttondown.email/images"


def bd_h(text):
    return f"<p><strong>{text}</strong></p>"


def bd_img(key, alt):
    return f'<p><img src="{BD_IMG}/{key}.jpg" alt="{alt}"></p>'


def bd_link(url, title, comment):
    return f'<li><a href="{url}">{title}</a>: {comment}</li>'


def buttondown_plain():
    posts = []
    posts.append(
        Post(
            "Allotment Letter #52: the seed swap, slugs and new water butts",
            f"{BD}/allotment-letter-52/",
            day(2026, 3, 6, 7, 30),
            blocks=[
                R(
                    "<p>Hello growers,</p><p>The first properly dry weekend of the year brought "
                    "forty-odd of us to the site, and the compost bays have never looked tidier. "
                    "Three bits of news and some reading for the evenings.</p>"
                ),
                S(
                    "The seed swap is back",
                    bd_h("The seed swap is back")
                    + "<p>After two years in the church hall, the spring seed swap returns to the "
                    "pavilion on Saturday 21 March, 10am to 1pm. Bring seeds in labelled envelopes "
                    "(variety, year saved, anything odd about them) and take as many as you bring, "
                    "plus five.</p><p>Halvard Osei will run a table of his Mellor Green runner beans, "
                    "which he has saved every year since 1997 and which, he insists, do not need "
                    "poles. Come and argue with him about that.</p>",
                ),
                S(
                    "Slugs: what actually worked last year",
                    bd_img("7c2e91aa-slug-survey", "A beer trap half buried in a lettuce bed")
                    + bd_h("Slugs: what actually worked last year")
                    + "<p>Thirty-one of you answered the autumn survey about slugs, which is more "
                    "than answered the survey about the toilet block. The results: beer traps caught "
                    "the most, wool pellets did nothing measurable, and the plots that cleared their "
                    "edges of long grass in April lost about half as many seedlings as the ones that "
                    "did not.</p><p>The short version is boring but true: tidy edges, water in the "
                    "morning rather than the evening, and go out with a torch twice in May. Tomasz on "
                    "plot 14 collected 212 slugs in one night and would like that recorded here.</p>",
                ),
                S(
                    "New water butts for the north plots",
                    bd_h("New water butts for the north plots")
                    + "<p>The council’s green spaces fund paid for twelve 200-litre butts, which will "
                    "go along the north fence where the standpipe barely reaches. Fitting day is "
                    "Sunday 15 March from 9am; we need four people who can carry things and one who "
                    "understands downpipe connectors.</p>",
                ),
                S("Elsewhere", "<p><strong>🔗 Elsewhere</strong></p><ul>"),
                O(
                    "The case for leaving your leeks in all winter",
                    bd_link(
                        "https://kitchenplot.example.com/leeks-all-winter",
                        "The case for leaving your leeks in all winter",
                        "a grower in Carrow Vale makes a good argument for doing less.",
                    ),
                ),
                O(
                    "A map of every community orchard in the county",
                    bd_link(
                        "https://fruitmap.example.org/county",
                        "A map of every community orchard in the county",
                        "there are 64 of them, and one is ten minutes from the site.",
                    ),
                ),
                O(
                    "Why your rhubarb flowers",
                    bd_link(
                        "https://gardenwhy.example.net/rhubarb-bolting",
                        "Why your rhubarb flowers",
                        "short, clear, and it will stop you panicking in May.",
                    ),
                ),
                R("</ul>"),
                C("Happy digging", "<p>Happy digging,<br>Marguerite</p>"),
                O(
                    "P.S. The shed key has moved",
                    "<p>P.S. The shed key has moved to the lockbox by gate B; the code is on the "
                    "noticeboard and in last month’s letter.</p>",
                ),
            ],
        )
    )
    posts.append(
        Post(
            "Allotment Letter #53: the pavilion roof and a frost warning",
            f"{BD}/allotment-letter-53/",
            day(2026, 3, 20, 7, 30),
            blocks=[
                R(
                    "<p>Hello growers,</p><p>A shorter one this week, because it is sowing season.</p>"
                ),
                S(
                    "Frost is not done with us",
                    bd_h("Frost is not done with us")
                    + "<p>The forecast for next Tuesday and Wednesday nights is minus two. Fleece "
                    "anything you have planted out, and do not trust the warm afternoons.</p>",
                ),
                S(
                    "The pavilion roof will be fixed in April",
                    bd_img("b04d7e13-pavilion-roof", "Blue tarpaulin over the pavilion roof")
                    + bd_h("The pavilion roof will be fixed in April")
                    + "<p>The committee has accepted a quote of £3,850 from Rennick & Daughters to "
                    "replace the felt and two rotten rafters on the pavilion. That is about half our "
                    "reserve. The work takes four days, starting 13 April, and the pavilion will be "
                    "closed while it happens, so please collect anything you have stored in there "
                    "by the 12th.</p><p>Several of you asked whether we could have done it "
                    "ourselves. We looked into it; the insurer said no, and so did Ruth, who did "
                    "the last repair in 2009 and has not forgotten it.</p>",
                ),
                S(
                    "Plot inspections start on 1 May",
                    bd_h("Plot inspections start on 1 May")
                    + "<p>Nothing to fear if you are growing something. The rule is still two-thirds "
                    "cultivated by midsummer, and we will talk to you before we write to you.</p>",
                ),
                S("Elsewhere", "<p><strong>🔗 Elsewhere</strong></p><ul>"),
                O(
                    "Sowing by the soil thermometer, not the calendar",
                    bd_link(
                        "https://soilnotes.example.org/thermometer",
                        "Sowing by the soil thermometer, not the calendar",
                        "the most useful £6 I have spent on the plot.",
                    ),
                ),
                O(
                    "Inside a heritage seed bank",
                    bd_link(
                        "https://seedkeepers.example.com/vault-visit",
                        "Inside a heritage seed bank",
                        "a long visit to the Oldmoor vault, with photographs of envelopes.",
                    ),
                ),
                R("</ul>"),
                C("Happy digging", "<p>Happy digging,<br>Marguerite</p>"),
                C(
                    "P.S. Know someone on the waiting list",
                    "<p>P.S. Know someone on the waiting list? Forward them this letter; they can "
                    "subscribe with the link at the bottom.</p>",
                ),
            ],
        )
    )
    posts.append(
        Post(
            "Allotment Letter #54: open day plans and the bee hotel",
            f"{BD}/allotment-letter-54/",
            day(2026, 4, 3, 7, 30),
            blocks=[
                R("<p>Hello growers,</p>"),
                S(
                    "Open day: Saturday 6 June",
                    bd_h("Open day: Saturday 6 June")
                    + "<p>We are opening the gates to the neighbourhood again, 11am to 4pm. Last year "
                    "about 300 people came through and eleven of them are now on the waiting list, "
                    "which is either a success or a problem.</p><p>We need volunteers for the tea "
                    "urn, the plant stall and the children’s worm hunt, and anyone willing to let "
                    "visitors look round their plot. Sign up on the sheet in the pavilion (once it "
                    "has a roof again) or reply to this letter.</p>",
                ),
                S(
                    "The bee hotel has its first guests",
                    bd_img("e95a0c42-bee-hotel", "Mason bees in the bee hotel tubes")
                    + bd_h("The bee hotel has its first guests")
                    + "<p>The bee hotel the Year 5 class from Fernside Primary built in October now "
                    "has mud seals on nine of its tubes, which means red mason bees have laid eggs. "
                    "Please do not poke them. The class will come back in June to watch the new bees "
                    "come out, and would like a plot with flowering broad beans nearby.</p>",
                ),
                S(
                    "Manure delivery",
                    bd_h("Manure delivery")
                    + "<p>Six tonnes arrive on Thursday morning at the top gate. Two barrows each, "
                    "please, until everyone has had a turn.</p>",
                ),
                C("Happy digging", "<p>Happy digging,<br>Marguerite</p>"),
                O(
                    "P.S. Congratulations to Jun and Ama Kessie",
                    "<p>P.S. Congratulations to Jun and Ama Kessie on plot 22, whose overwintered "
                    "onions took second prize at the Hollins Show on Sunday. The judge called them "
                    "“obscenely large”, which we are taking as a compliment.</p>",
                ),
            ],
        )
    )
    write(
        "buttondown-plain",
        rss_escaped(
            "The Allotment Letter",
            "https://buttondown.com/allotment-letter",
            "News from the Hollins Lane allotments, every other Friday.",
            posts,
            generator="Buttondown",
        ),
        posts,
    )


# ================================================================ 2. news-briefing (daily briefing, RSS)

CH = "https://www.callowayherald.example.com"


def nb_item(topic, text):
    return f"<li><strong>{topic}:</strong> {text}</li>"


def nb_opinion(url, title, by):
    return f'<li><a href="{CH}/opinion/{url}">{title}</a>, by {by}</li>'


def nb_games(extra):
    return (
        "<h2>Time to play</h2>"
        f"<p>{extra}</p>"
        f'<p>Here is today’s <a href="{CH}/games/wordgrid">Wordgrid</a> and the '
        f'<a href="{CH}/games/mini">Mini Crossword</a>. Yesterday’s Wordgrid pangram was '
        "<em>lanterns</em>.</p>"
    )


def nb_signoff():
    return (
        "<p>Thanks for spending part of your morning with The Daybreak. See you tomorrow. "
        "— Imogen</p>"
        f'<p><em>Sign up <a href="{CH}/newsletters/daybreak">here</a> to get this newsletter '
        "in your inbox.</em></p>"
    )


def news_briefing():
    posts = []
    posts.append(
        Post(
            "The Daybreak: the Calder barrier vote",
            f"{CH}/newsletters/daybreak/2026/05/12/calder-barrier-vote",
            day(2026, 5, 12, 10, 0),
            author="Imogen Vasquez-Hale",
            summary="Plus, a bus strike, a record wheat price and the last lamplighter.",
            blocks=[
                R(
                    "<p>Good morning. We’re covering the vote on the Calder flood barrier, as well as "
                    "a strike on the buses and the last lamplighter in Osbury.</p>"
                ),
                S(
                    "The Calder barrier gets its vote",
                    f'<figure><img src="{CH}/images/2026/05/12/calder.jpg" alt="The Calder estuary '
                    'at low tide"><figcaption>The Calder estuary at Fenwick Point. Photo: Rosa '
                    "Ilunga</figcaption></figure>"
                    "<h2>The Calder barrier gets its vote</h2>"
                    "<p>For eleven years the region has argued about whether to build a flood barrier "
                    "across the mouth of the Calder. Today the regional assembly votes on it, and for "
                    "the first time the outcome is genuinely uncertain.</p>"
                    "<p>The barrier would cost about 2.4 billion crowns and take nine years to build. "
                    "Its supporters, led by the assembly’s infrastructure chair, Tobias Arnfeldt, say "
                    "it would protect 140,000 homes from the kind of surge that flooded lower Fenwick "
                    "in 2019. Its opponents, an unusual alliance of fishing co-operatives and "
                    "budget hawks, say it would ruin the estuary’s oyster beds and that the money "
                    "would do more good spent on raising the existing sea walls.</p>"
                    "<p>What has changed is the arithmetic. Two small parties that opposed the "
                    "barrier in 2023 now say they will abstain, which would leave the project one or "
                    "two votes short of a majority, depending on who turns up. “It will come down to "
                    "a sick day,” one assembly clerk told my colleague Dariusz Mehta.</p>"
                    "<p>If the barrier fails today, the assembly is expected to fund the sea-wall "
                    "plan instead, which is cheaper but would need to be rebuilt within 40 years.</p>",
                ),
                S(
                    "Here’s what else is happening",
                    "<p><strong>Here’s what else is happening:</strong></p><ul>",
                ),
                O(
                    "Transport",
                    nb_item(
                        "Transport",
                        "Bus drivers in Osbury and Lenholm begin a three-day strike today over "
                        "shift patterns. Trams and trains are running normally.",
                    ),
                ),
                O(
                    "Markets",
                    nb_item(
                        "Markets",
                        "Wheat futures reached their highest price since 2022 after a late frost "
                        "damaged crops across the northern plains.",
                    ),
                ),
                O(
                    "Health",
                    nb_item(
                        "Health",
                        "The regional health board will offer free shingles vaccines to everyone "
                        "over 60 from June. The current age limit is 70.",
                    ),
                ),
                O(
                    "Courts",
                    nb_item(
                        "Courts",
                        "A judge in Marrow Cross dismissed the lawsuit against the Harrow Dairy "
                        "co-operative, ruling that its “grass-fed” labels were accurate.",
                    ),
                ),
                O(
                    "Sport",
                    nb_item(
                        "Sport",
                        "Fenwick Athletic were promoted after a 2-1 win at Stallbridge, their first "
                        "season in the top division since 1988.",
                    ),
                ),
                R("</ul>"),
                S("Opinions", "<h2>Opinions</h2><ul>"),
                O(
                    "The barrier is expensive. A flooded city is more expensive",
                    nb_opinion(
                        "2026/05/11/barrier-case",
                        "The barrier is expensive. A flooded city is more expensive",
                        "Helena Stroud",
                    ),
                ),
                O(
                    "Nobody asked the oysters",
                    nb_opinion("2026/05/11/oysters", "Nobody asked the oysters", "Mattias Kohl"),
                ),
                O(
                    "The bus drivers have a point about split shifts",
                    nb_opinion(
                        "2026/05/10/bus-strike",
                        "The bus drivers have a point about split shifts",
                        "Adaeze Fairbank",
                    ),
                ),
                R("</ul>"),
                C("Morning reads", "<h2>Morning reads</h2>"),
                S(
                    "The last lamplighter",
                    "<h3>The last lamplighter</h3>"
                    "<p>Osbury still has 112 gas street lamps, and one man, Cyril Maddox, who winds "
                    "their clocks every fortnight. He is 71 and has no apprentice. Our reporter "
                    "walked his round with him, from the cathedral close to the canal basin, and "
                    "learned why a gas lamp should never be lit by a timer alone.</p>",
                ),
                S(
                    "A bakery that opens at midnight",
                    "<h3>A bakery that opens at midnight</h3>"
                    "<p>In Lenholm, the Kessler bakery sells bread from a hatch between midnight and "
                    "3am to nurses, taxi drivers and the occasional lost student. It has done so "
                    "since 1961.</p>",
                ),
                S(
                    "Lives lived: Agnieszka Moray",
                    "<h3>Lives lived: Agnieszka Moray</h3>"
                    "<p>She ran the Fenwick Point lifeboat station’s tea room for 43 years and knew "
                    "every crew member’s order by heart. She died at 88.</p>",
                ),
                C(
                    "Time to play",
                    nb_games("Take our weekly news quiz: how closely did you follow the barrier?"),
                ),
                C("Thanks for spending part of your morning with The Daybreak", nb_signoff()),
            ],
        )
    )
    posts.append(
        Post(
            "The Daybreak: a heat record in May",
            f"{CH}/newsletters/daybreak/2026/05/13/heat-record",
            day(2026, 5, 13, 10, 0),
            author="Imogen Vasquez-Hale",
            summary="Plus, the barrier vote result and a library that lends tools.",
            blocks=[
                R(
                    "<p>Good morning. We’re covering a record-breaking May heatwave, as well as the "
                    "result of the barrier vote and a library that lends drills.</p>"
                ),
                S(
                    "A heat record, three weeks early",
                    "<h2>A heat record, three weeks early</h2>"
                    "<p>The temperature at Lenholm airport reached 33.8 degrees yesterday afternoon, "
                    "the highest ever recorded in the region in May and higher than any day last "
                    "June. The previous May record, 31.2 degrees, had stood since 1947.</p>"
                    "<p>Forecasters at the regional weather office say the heat will last until at "
                    "least Friday. Schools in Osbury have been told they may shorten the day, and "
                    "the water company has asked customers not to use hoses or sprinklers, though "
                    "it has not yet imposed a ban.</p>"
                    "<p>The bigger story is the timing. A hot day in May is not unusual. A day this "
                    "hot, this early, is what climate researchers at Marrow Cross University had "
                    "projected for the 2040s. “We are ahead of our own forecasts,” said Leontine "
                    "Varga, who leads the university’s regional climate group.</p>",
                ),
                S(
                    "Here’s what else is happening",
                    "<p><strong>Here’s what else is happening:</strong></p><ul>",
                ),
                O(
                    "Calder barrier",
                    nb_item(
                        "Calder barrier",
                        "The regional assembly approved the flood barrier by 41 votes to 39. "
                        "Construction could begin in 2028.",
                    ),
                ),
                O(
                    "Transport",
                    nb_item(
                        "Transport",
                        "The bus strike in Osbury and Lenholm continues; talks resume on Thursday.",
                    ),
                ),
                O(
                    "Business",
                    nb_item(
                        "Business",
                        "Stellan Freight, the region’s largest haulier, agreed to be bought by a "
                        "Danish rival for 380 million crowns. About 1,200 jobs are affected.",
                    ),
                ),
                O(
                    "Culture",
                    nb_item(
                        "Culture",
                        "The Osbury Festival announced its summer programme, including a new opera "
                        "about the 1953 flood.",
                    ),
                ),
                R("</ul>"),
                S("Opinions", "<h2>Opinions</h2><ul>"),
                O(
                    "Our cities were built for a climate that no longer exists",
                    nb_opinion(
                        "2026/05/12/heat-plans",
                        "Our cities were built for a climate that no longer exists",
                        "Leontine Varga",
                    ),
                ),
                O(
                    "Forty-one votes and nine years of work",
                    nb_opinion(
                        "2026/05/12/barrier-vote",
                        "Forty-one votes and nine years of work",
                        "Helena Stroud",
                    ),
                ),
                R("</ul>"),
                C("Morning reads", "<h2>Morning reads</h2>"),
                S(
                    "The library that lends drills",
                    "<h3>The library that lends drills</h3>"
                    f'<figure><img src="{CH}/images/2026/05/13/tool-library.jpg" alt="Shelves of '
                    'power tools"></figure>'
                    "<p>The Lenholm Tool Library has 1,900 members and 640 tools, from hedge "
                    "trimmers to a tile saw that has been borrowed 212 times. Its volunteers keep a "
                    "ledger of everything that comes back broken. The most fragile item, it turns "
                    "out, is the carpet cleaner, and the most popular in summer is the pressure "
                    "washer.</p>",
                ),
                S(
                    "How to sleep in the heat",
                    "<h3>How to sleep in the heat</h3>"
                    "<p>Close the curtains by 10am, open the windows after dark, and do not bother "
                    "with a cold shower just before bed. Our health desk explains why.</p>",
                ),
                C(
                    "Time to play",
                    nb_games("Yesterday’s news quiz top score was 9 out of 10. Can you beat it?"),
                ),
                C("Thanks for spending part of your morning with The Daybreak", nb_signoff()),
            ],
        )
    )
    write(
        "news-briefing",
        rss_encoded(
            "The Daybreak | The Calloway Herald",
            f"{CH}/newsletters/daybreak",
            "The news you need to start your day, every weekday morning.",
            "WordPress VIP",
            posts,
            self_path="feed",
        ),
        posts,
    )


# ================================================================ 3. ghost-wide-images (Ghost RSS)

PS = "https://blog.pebblestack.example.dev"


def kg_wide(name, alt, caption=None):
    src = f"{PS}/content/images/2026/{name}"
    sizes = ", ".join(f"{PS}/content/images/size/w{w}/2026/{name} {w}w" for w in (600, 1000, 1600))
    cap = (
        f'<figcaption><span style="white-space: pre-wrap;">{caption}</span></figcaption>'
        if caption
        else ""
    )
    return (
        f'<figure class="kg-card kg-image-card kg-width-wide{" kg-card-hascaption" if caption else ""}">'
        f'<img src="{src}" class="kg-image" alt="{alt}" loading="lazy" width="2000" height="1125" '
        f'srcset="{sizes}, {src} 2000w" sizes="(min-width: 1200px) 1200px">{cap}</figure>'
    )


def kg_support():
    return (
        '<div class="kg-card kg-product-card"><div class="kg-product-card-container">'
        f'<img src="{PS}/content/images/2026/01/heart.png" class="kg-product-card-image" '
        'loading="lazy"><div class="kg-product-card-title-container"><h4 class="kg-product-card-'
        'title"><span style="white-space: pre-wrap;">Support us</span></h4></div>'
        '<div class="kg-product-card-description"><p><span style="white-space: pre-wrap;">'
        "Pebblestack is built by four people and paid for by its users. A sponsorship of €5 a "
        "month keeps the build servers running.</span></p></div>"
        '<a href="https://opencollective.example.com/pebblestack" class="kg-product-card-button '
        'kg-product-card-btn-accent" target="_blank" rel="noopener noreferrer"><span>Become a '
        "sponsor</span></a></div></div>"
    )


def kg_code(lang, code):
    return f'<pre><code class="language-{lang}">{esc(code)}</code></pre>'


def ghost_wide_images():
    posts = []
    posts.append(
        Post(
            "Pebblestack in March: preview links, faster builds and a new logo",
            f"{PS}/pebblestack-in-march-2026/",
            day(2026, 4, 2, 9, 0),
            author="Noor Lindqvist",
            guid="6809a1f2c3d4e50001b7a1c2",
            summary="What we shipped in March, what broke, and what is next.",
            blocks=[
                R(
                    f'<img src="{PS}/content/images/2026/04/march-cover.png" alt="Pebblestack in '
                    'March">'
                    "<p>March was a big month: two features many of you have asked for since the "
                    "beginning, a build pipeline that is finally fast, and a logo that no longer "
                    "looks like a potato. Here is the round-up.</p>"
                ),
                S(
                    "Preview links for every branch",
                    kg_wide(
                        "04/preview-links.png",
                        "A pull request with a preview link",
                        "A preview link posted on a pull request.",
                    )
                    + '<h2 id="preview-links-for-every-branch">Preview links for every branch</h2>'
                    "<p>Every branch you push now gets its own address, "
                    "<code>branch-name.preview.pebblestack.dev</code>, that updates on every "
                    "commit. If you connect a Git host, Pebblestack posts the link as a comment "
                    "on the pull request and edits it when the build finishes.</p>"
                    "<p>Preview sites are private by default: only members of your project can "
                    "open them, unless you switch on public previews in the project settings. "
                    "They are deleted seven days after the branch is merged or removed.</p>"
                    "<p>This was the single most requested feature on our forum, with 214 votes. "
                    "Thank you to Eun-ji Park, who wrote the first prototype over a weekend in "
                    "January.</p>",
                ),
                S(
                    "Builds are three times faster",
                    kg_wide("04/build-times.png", "Chart of median build times")
                    + '<h2 id="builds-are-three-times-faster">Builds are three times faster</h2>'
                    "<p>The median build on Pebblestack took 94 seconds in February. It now takes "
                    "31. Most of the gain comes from caching dependencies between builds, which we "
                    "should have done years ago, and the rest from moving the build machines to "
                    "the same data centre as the storage.</p>"
                    "<p>If your build has become slower, not faster, tell us: the cache can go "
                    "stale when a lockfile changes in an unusual way, and we have fixed two such "
                    "cases already.</p>",
                ),
                S(
                    "A new logo",
                    kg_wide(
                        "04/new-logo.png", "The new Pebblestack logo", "Old and new, side by side."
                    )
                    + '<h2 id="a-new-logo">A new logo</h2>'
                    "<p>Designed by Marisol Achebe, who volunteered after telling us, kindly, "
                    "what the old one looked like. Stickers are coming.</p>",
                ),
                C("Support us", kg_support(), alts=("Become a sponsor",)),
                S(
                    "Changelog",
                    '<h2 id="changelog">Changelog</h2><ul>'
                    "<li>Custom 404 pages now work in sub-directories (#418).</li>"
                    "<li>The CLI prints the deploy address at the end of <code>pebble deploy</code>."
                    "</li><li>Fixed: redirects with query strings were dropped (#431).</li>"
                    "<li>Fixed: the dashboard showed build times in UTC whatever your time zone."
                    "</li><li>Node 22 is now the default build image.</li></ul>",
                ),
                C(
                    "See you in April",
                    "<p>See you in April. As always, the forum is the best place to tell us what "
                    "is broken.</p><p>— Noor, for the Pebblestack team</p>",
                ),
            ],
        )
    )
    posts.append(
        Post(
            "Pebblestack in April: teams, a status page and our first hire",
            f"{PS}/pebblestack-in-april-2026/",
            day(2026, 5, 4, 9, 0),
            author="Noor Lindqvist",
            guid="6817c0a4c3d4e50001b7a2f9",
            summary="Teams, a public status page, and a new face.",
            blocks=[
                R(
                    f'<img src="{PS}/content/images/2026/05/april-cover.png" alt="Pebblestack in '
                    'April">'
                    "<p>A calmer month after March, which is exactly what we needed.</p>"
                ),
                S(
                    "Teams and roles",
                    kg_wide("05/teams.png", "The new team settings screen")
                    + '<h2 id="teams-and-roles">Teams and roles</h2>'
                    "<p>Projects can now belong to a team rather than a person. A team has owners, "
                    "who can change billing and delete things, and members, who can deploy. We "
                    "kept it to two roles on purpose: every extra role we sketched turned out to "
                    "be a permission nobody could explain.</p>"
                    "<p>Existing projects stay where they are. You can move one to a team from "
                    "its settings page, and nothing about its address or its builds "
                    "changes.</p>",
                ),
                S(
                    "A public status page",
                    kg_wide(
                        "05/status.png",
                        "The status page showing all systems operational",
                        "status.pebblestack.dev, on a good day.",
                    )
                    + '<h2 id="a-public-status-page">A public status page</h2>'
                    "<p>After the two-hour outage on 9 April, several of you pointed out that the "
                    "only way to know something was wrong was to ask us on the forum. There is now "
                    "a status page that shows builds, deploys and the dashboard separately, with "
                    "the history of every incident since January. The 9 April write-up is there "
                    "too: a certificate renewal that failed silently, and an alert that went to "
                    "an inbox nobody reads any more.</p>",
                ),
                S(
                    "Welcome, Idris",
                    kg_wide("05/idris.jpg", "Idris Wendell at his desk")
                    + '<h2 id="welcome-idris">Welcome, Idris</h2>'
                    "<p>Idris Wendell joined us on 14 April as our first full-time support "
                    "engineer. If you have written to support this month, you have probably met "
                    "him already. He lives in Tromsvik and has opinions about DNS.</p>",
                ),
                C("Support us", kg_support(), alts=("Become a sponsor",)),
                S(
                    "Changelog",
                    '<h2 id="changelog">Changelog</h2><ul>'
                    "<li>Environment variables can be scoped to previews or production.</li>"
                    "<li><code>pebble logs --follow</code> streams build logs to your terminal.</li>"
                    "<li>Fixed: deleting a project left its preview sites running (#452).</li>"
                    "<li>Fixed: a typo in the Portuguese translation of the billing page.</li>"
                    "</ul>",
                ),
            ],
        )
    )
    posts.append(
        Post(
            "Deploy your first site with Pebblestack in ten minutes",
            f"{PS}/deploy-your-first-site/",
            day(2026, 4, 16, 9, 0),
            author="Eun-ji Park",
            guid="680e2b17c3d4e50001b7a23d",
            summary="From an empty folder to a live site, step by step.",
            whole=True,
            blocks=[
                R(
                    f'<img src="{PS}/content/images/2026/04/tutorial-cover.png" alt="A terminal '
                    'window">'
                    "<p>This tutorial takes you from an empty folder to a live site on Pebblestack. "
                    "You need a terminal, Node 20 or newer, and a free Pebblestack account. It takes "
                    "about ten minutes, most of which is waiting for npm.</p>"
                    + kg_wide(
                        "04/tutorial-overview.png", "The three steps: install, create, deploy"
                    )
                    + '<h2 id="install-the-cli">Install the CLI</h2>'
                    "<p>The <code>pebble</code> command does everything in this tutorial. Install "
                    "it globally and log in; the login opens a browser window and stores a token "
                    "in your home directory.</p>"
                    + kg_code("bash", "npm install -g @pebblestack/cli\npebble login")
                    + "<p>Check that it worked with <code>pebble whoami</code>, which should print "
                    "your e-mail address.</p>"
                    + kg_wide("04/tutorial-create.png", "The project template picker")
                    + '<h2 id="create-a-project">Create a project</h2>'
                    "<p>Make a folder for your site and ask the CLI for a starter template. The "
                    "<code>basic</code> template is a single HTML page and a stylesheet, which is "
                    "all we need here; you can use any static site generator later.</p>"
                    + kg_code("bash", "mkdir my-site && cd my-site\npebble init --template basic")
                    + "<p>This writes a <code>pebble.toml</code> file that tells Pebblestack where "
                    "your built site lives. For the basic template that is the folder itself, so "
                    "there is no build step.</p>"
                    + kg_wide("04/tutorial-deploy.png", "A successful deploy in the terminal")
                    + '<h2 id="deploy">Deploy</h2>'
                    "<p>One command uploads the folder and prints the address of your live site:</p>"
                    + kg_code("bash", "pebble deploy")
                    + "<p>Open the address and you should see “Hello from Pebblestack”. Edit "
                    "<code>index.html</code>, run <code>pebble deploy</code> again, and the change "
                    "is live in a few seconds.</p>"
                    '<h2 id="where-next">Where next</h2>'
                    "<p>Now that the basics work, connect the project to a Git repository so that "
                    "every push deploys automatically, and every branch gets a preview link. The "
                    "documentation has a guide for each Git host.</p>"
                ),
                C("Support us", kg_support(), alts=("Become a sponsor",)),
            ],
        )
    )
    write(
        "ghost-wide-images",
        rss_encoded(
            "Pebblestack Blog",
            PS,
            "News and guides from the Pebblestack team.",
            "Ghost 5.115",
            posts,
            self_path="rss/",
        ),
        posts,
    )


# ================================================================ 4. jekyll-weekly-dl (Jekyll, jekyll-feed Atom)

PW = "https://plaintextweekly.example.org"


def dl_item(url, title, desc):
    return f'<dt><a href="{url}">{title}</a></dt>\n<dd>{desc}</dd>\n'


def dl_quote(text, who):
    return (
        '<h2 id="quote-of-the-week">Quote of the week</h2>\n'
        f"<blockquote>\n<p>{text}</p>\n</blockquote>\n<p>— {who}</p>\n"
    )


def jekyll_atom(title, subtitle, posts):
    upd = max(p.date for p in posts).isoformat()
    out = [
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
        'xml:lang="en"><generator uri="https://jekyllrb.com/" version="4.3.4">Jekyll</generator>'
        f'<link href="{PW}/feed.xml" rel="self" type="application/atom+xml" />'
        f'<link href="{PW}/" rel="alternate" type="text/html" hreflang="en" />'
        f"<updated>{upd}</updated><id>{PW}/feed.xml</id>"
        f'<title type="html">{esc(title)}</title><subtitle>{esc(subtitle)}</subtitle>'
        "<author><name>Ottoline Marsh</name></author>"
    ]
    for p in newest_first(posts):
        out.append(
            f'<entry><title type="html">{esc(p.title)}</title>'
            f'<link href="{p.link}" rel="alternate" type="text/html" title="{esc(p.title)}" />'
            f"<published>{p.date.isoformat()}</published><updated>{p.date.isoformat()}</updated>"
            f"<id>{p.link}</id>"
            f'<content type="html" xml:base="{p.link}">{esc(p.html)}</content>'
            "<author><name>Ottoline Marsh</name></author>"
            f'<summary type="html">{esc(p.summary)}</summary></entry>'
        )
    out.append("</feed>")
    return "\n".join(out) + "\n"


def jekyll_weekly_dl():
    posts = []
    posts.append(
        Post(
            "Plaintext Weekly 118",
            f"{PW}/2026/02/13/issue-118.html",
            day(2026, 2, 13, 7, 0),
            summary="Shell history done right, a pager for JSON, and a talk about man pages.",
            blocks=[
                R(
                    "<p>Welcome to issue 118. A quiet week for releases and a loud one for "
                    "opinions about shell history.</p>\n"
                ),
                C("Articles", '<h2 id="articles">Articles</h2>\n'),
                R("<dl>\n"),
                S(
                    "Your shell history is a database now",
                    dl_item(
                        "https://quietterminal.example.com/history-db",
                        "Your shell history is a database now",
                        "Fenna Oyelaran moved ten years of shell history into SQLite and wrote up "
                        "what she learned: which commands she runs most (<code>git status</code>, "
                        "by a distance), which directories she never leaves, and how to query it "
                        "all without a special tool. The schema is at the bottom of the post.",
                    ),
                ),
                S(
                    "Stop parsing ls",
                    dl_item(
                        "https://bytesandbraces.example.net/stop-parsing-ls",
                        "Stop parsing <code>ls</code>",
                        "A patient explanation, with examples that break, of why scripts should "
                        "use globs or <code>find -print0</code> instead of reading the output of "
                        "<code>ls</code>. Send it to the colleague who needs it.",
                    ),
                ),
                S(
                    "Twenty years of the same dotfiles",
                    dl_item(
                        "https://hollowayandsons.example.com/dotfiles-twenty",
                        "Twenty years of the same dotfiles",
                        "A sysadmin at a Ravensholm university reads his dotfiles repository like "
                        "a diary.",
                    ),
                ),
                R("</dl>\n"),
                C("Tools", '<h2 id="tools">Tools</h2>\n'),
                R("<dl>\n"),
                S(
                    "jpage",
                    dl_item(
                        "https://git.example.org/marek/jpage",
                        "jpage",
                        "A pager for JSON that folds objects you have not opened yet, so a 40 MB "
                        "API response becomes something you can scroll. Written in Zig; single "
                        "binary; reads from a pipe.",
                    ),
                ),
                S(
                    "tally-lines 2.0",
                    dl_item(
                        "https://git.example.org/tally/tally-lines",
                        "tally-lines 2.0",
                        "Counts lines of code by language and, new in 2.0, by author, using "
                        "<code>git blame</code>. Fast on large repositories because it caches "
                        "per commit.",
                    ),
                ),
                S(
                    "clipcat",
                    dl_item(
                        "https://git.example.org/ines/clipcat",
                        "clipcat",
                        "Copy to the system clipboard from any terminal, over SSH too.",
                    ),
                ),
                R("</dl>\n"),
                C("Talks", '<h2 id="talks">Talks</h2>\n'),
                R("<dl>\n"),
                S(
                    "Nobody reads the man page (and that is our fault)",
                    dl_item(
                        "https://talks.example.org/termconf-2026/man-pages",
                        "Nobody reads the man page (and that is our fault)",
                        "Aurelio Banks at TermConf 2026, 28 minutes: why man pages are organised "
                        "for the people who wrote the program rather than the people running it, "
                        "and a proposal for an EXAMPLES-first layout that three projects have "
                        "already adopted.",
                    ),
                ),
                R("</dl>\n"),
                S(
                    "Quote of the week",
                    dl_quote(
                        "A shell script is a program that has not yet admitted it is a program.",
                        "Priscilla Nwosu, on the Plaintext forum",
                    ),
                ),
                C(
                    "That’s all for this week",
                    "<hr>\n<p><em>That’s all for this week. Plaintext Weekly is free and has no "
                    f'ads; <a href="{PW}/submit/">send us a link</a> or reply on the forum.</em></p>\n',
                ),
            ],
        )
    )
    posts.append(
        Post(
            "Plaintext Weekly 119",
            f"{PW}/2026/02/20/issue-119.html",
            day(2026, 2, 20, 7, 0),
            summary="A terminal that remembers, the return of the line editor, and tmux at 20.",
            blocks=[
                R("<p>Issue 119, with a little more than usual in Tools.</p>\n"),
                C("Articles", '<h2 id="articles">Articles</h2>\n'),
                R("<dl>\n"),
                S(
                    "tmux turns twenty, sort of",
                    dl_item(
                        "https://quietterminal.example.com/tmux-twenty",
                        "tmux turns twenty, sort of",
                        "The history of the terminal multiplexer that many of us open before "
                        "anything else, told through its changelog, with a detour into the "
                        "argument about the default prefix key that has never really ended.",
                    ),
                ),
                S(
                    "In praise of the line editor",
                    dl_item(
                        "https://slowtools.example.net/line-editor",
                        "In praise of the line editor",
                        "Ottavia Brandt edited a novel in <code>ed</code> for a month, on purpose. "
                        "She does not recommend it, exactly, but she makes a case that the "
                        "constraint changed how she revised: one line at a time, always knowing "
                        "where she was.",
                    ),
                ),
                R("</dl>\n"),
                C("Tools", '<h2 id="tools">Tools</h2>\n'),
                R("<dl>\n"),
                S(
                    "recall",
                    dl_item(
                        "https://git.example.org/tovah/recall",
                        "recall",
                        "A terminal emulator that keeps the output of every command as a separate "
                        "block you can search, fold and copy. Early, Linux only, and already "
                        "surprisingly stable.",
                    ),
                ),
                S(
                    "csvlens 0.9",
                    dl_item(
                        "https://git.example.org/csvlens/csvlens",
                        "csvlens 0.9",
                        "The CSV viewer adds column filters and remembers your position per file.",
                    ),
                ),
                S(
                    "waitfor",
                    dl_item(
                        "https://git.example.org/bram/waitfor",
                        "waitfor",
                        "Blocks until a port opens, a file appears or a URL returns 200, then "
                        "exits. Replaces the <code>sleep 5</code> in your CI scripts.",
                    ),
                ),
                S(
                    "hexmate",
                    dl_item(
                        "https://git.example.org/hexmate/hexmate",
                        "hexmate",
                        "A hex viewer with colour for the parts of a file it recognises: PNG "
                        "chunks, ZIP headers, ELF sections.",
                    ),
                ),
                R("</dl>\n"),
                S(
                    "Quote of the week",
                    dl_quote(
                        "Every flag you add is a question you are asking the user to answer "
                        "forever.",
                        "Aurelio Banks, in the discussion of his TermConf talk",
                    ),
                ),
                C(
                    "That’s all for this week",
                    "<hr>\n<p><em>That’s all for this week. Plaintext Weekly is free and has no "
                    f'ads; <a href="{PW}/submit/">send us a link</a> or reply on the forum.</em></p>\n',
                ),
            ],
        )
    )
    write(
        "jekyll-weekly-dl",
        jekyll_atom(
            "Plaintext Weekly",
            "A weekly digest of the command line: articles, tools and talks.",
            posts,
        ),
        posts,
    )


# ================================================================ 5. newsletter-with-toc-anchors (beehiiv RSS)

TD = "https://trailheaddispatch.beehiiv.example.com"
BP = 'class="paragraph" style="text-align:left;"'


def td_p(text):
    return f"<p {BP}>{text}</p>"


def td_toc(items):
    lis = "".join(
        f'<li><p {BP}><a class="link" href="#section-{i}">{t}</a></p></li>'
        for i, t in enumerate(items, 1)
    )
    return f"<p {BP}><b>In this issue</b></p><ul>{lis}</ul>"


def td_h(i, text):
    return f'<h2 class="heading" style="text-align:left;" id="section-{i}">{text}</h2>'


def td_top():
    return (
        '<p class="paragraph" style="text-align:right;"><a class="link" href="#top">'
        "↑ Back to top</a></p>"
    )


def td_sponsor(brand, headline, body, cta, url):
    return (
        '<div style="border:1px solid #d9d4c7;border-radius:8px;padding:16px 20px;'
        'background-color:#faf7ef;"><p style="font-size:11px;letter-spacing:2px;color:#8a8170;">'
        f'SPONSORED</p><h3 style="margin:4px 0;">{headline}</h3>'
        f"<p {BP}>{body}</p>"
        f'<p {BP}><a class="link" href="{url}?utm_source=trailheaddispatch">{cta}</a></p>'
        f'<p style="font-size:11px;color:#8a8170;">Presented by {brand}</p></div>'
    )


def td_quote(text, who):
    return f"<blockquote><p {BP}>{text}</p><figcaption>— {who}</figcaption></blockquote>"


def td_signoff():
    return td_p("Happy trails,<br>Wren Abernathy") + td_p(
        "<i>Trailhead Dispatch is a reader-supported newsletter. If someone forwarded this to "
        f'you, <a class="link" href="{TD}/subscribe">subscribe here</a>.</i>'
    )


def newsletter_with_toc_anchors():
    posts = []
    t1 = [
        "The Hollin Ridge path reopens",
        "What the rangers count",
        "Gear that lasted: the 12-year stove",
        "Ridge of the month: Scarrow Edge",
        "Community corner",
    ]
    posts.append(
        Post(
            "Trailhead Dispatch #61: a path reopens, the rangers count, a stove that lasted",
            f"{TD}/p/trailhead-dispatch-61",
            day(2026, 6, 4, 11, 0),
            author="Wren Abernathy",
            guid="b7e0f3a1-61c2-4d8e-9a3b-5c1d2e7f8a90",
            summary="Five things from the hills this fortnight.",
            blocks=[
                R(
                    '<div class="beehiiv"><div class="beehiiv__body"><a id="top"></a>'
                    + td_p(
                        "Hello walkers. It is a long one this time, so here is a map. Skip to "
                        "whatever you like; every section has a way back to the top."
                    )
                ),
                C("In this issue", td_toc(t1)),
                S(
                    t1[0],
                    td_h(1, t1[0])
                    + td_p(
                        "After eighteen months behind fences, the path along Hollin Ridge reopened "
                        "on 28 May. The landslip that took out a 60-metre stretch above Garrow "
                        "Beck in the winter of 2024 has been bridged with a timber boardwalk, and "
                        "the diversion through the forestry plantation, which nobody liked, is "
                        "closed."
                    )
                    + td_p(
                        "The national park authority spent £410,000 on the repair, about twice the "
                        "first estimate, most of it on anchoring the boardwalk into rock that "
                        "turned out to be less solid than the survey said. The rangers asked us to "
                        "pass on one request: stay on the boards. The slope beneath them is still "
                        "moving, slowly, and the new planting needs two summers to take."
                    )
                    + td_p(
                        "The full ridge walk, from Garrow car park to the trig point at Hollin "
                        "Knott, is 11 kilometres with 540 metres of climbing. Allow five hours "
                        "and take water; the spring at the halfway stile dried up in the landslip."
                    ),
                ),
                C("Back to top", td_top()),
                S(
                    t1[1],
                    td_h(2, t1[1])
                    + td_p(
                        "Every summer, volunteers sit at eight stiles in the park with clickers and "
                        "count walkers. We spent a morning with two of them, Agnes and Baptiste "
                        "Rowe, at the stile below Scarrow Edge. The count decides where money goes: "
                        "a path with more than 200 walkers a day gets resurfaced first, and the "
                        "numbers have been climbing since 2020."
                    )
                    + td_p(
                        "They count dogs separately, and horses, and once, in 2022, a llama. "
                        "Their busiest hour is between 11 and noon on a Sunday, and their quietest "
                        "is any hour when it has just started raining."
                    ),
                ),
                C("Back to top", td_top()),
                C(
                    "SPONSORED",
                    td_sponsor(
                        "Fellcraft",
                        "Socks that outlast the boots",
                        "Fellcraft merino hiking socks come with a three-year guarantee: wear a "
                        "hole in them and we will replace them, no receipt needed. Readers get 15% "
                        "off with code DISPATCH.",
                        "Shop Fellcraft socks",
                        "https://fellcraft.example.com/socks",
                    ),
                    alts=("Socks that outlast the boots",),
                ),
                S(
                    t1[2],
                    td_h(3, t1[2])
                    + td_p(
                        "Reader Hamish Oduya sent us a photograph of the brass spirit stove he "
                        "bought in 2014 and has used on something like 300 nights since. It has "
                        "had one new seal. We asked him why it has lasted when his three gas "
                        "stoves have not, and his answer was short: nothing on it moves."
                    ),
                ),
                C("Back to top", td_top()),
                S(
                    t1[3],
                    td_h(4, t1[3])
                    + f'<img src="{TD}/uploads/2026/06/scarrow-edge.jpg" alt="Scarrow Edge at dusk">'
                    + td_p(
                        "A gritstone edge two kilometres long, with a path along the top and a "
                        "scramble up the Chimney at the north end for those who want one. Park at "
                        "the Lowther Arms (ask first), follow the wall north, and come back along "
                        "the foot of the edge, where the boulders are. About 7 kilometres, three "
                        "hours with stops."
                    ),
                ),
                C("Back to top", td_top()),
                S(
                    t1[4],
                    td_h(5, t1[4])
                    + td_p(
                        "We asked for your best advice for a first overnight walk. Some favourites:"
                    )
                    + td_quote(
                        "Pitch the tent in your garden first. If you cannot find the pegs at home, "
                        "you will not find them on a hill at dusk.",
                        "Kezia, Brampton Moor",
                    )
                    + td_quote(
                        "Take one luxury. Mine is a small bag of proper coffee, and it has saved "
                        "more trips than any waterproof.",
                        "Tomás, Ellerby",
                    )
                    + td_quote(
                        "Tell someone where you are going and when you will be back, and then "
                        "actually be back.",
                        "Dorothea, via the forum",
                    )
                    + td_p("Next time: the worst weather you have walked in. Reply and tell us."),
                ),
                C("Back to top", td_top()),
                C("Happy trails", td_signoff() + "</div></div>"),
            ],
        )
    )
    t2 = [
        "Wild camping: what changes in July",
        "The Beck Valley bus is saved",
        "How to read a contour line",
        "Community corner",
    ]
    posts.append(
        Post(
            "Trailhead Dispatch #62: the camping rules, a bus saved, contour lines",
            f"{TD}/p/trailhead-dispatch-62",
            day(2026, 6, 18, 11, 0),
            author="Wren Abernathy",
            guid="c4a9d2e6-62f1-4b7a-8e0c-3d5f6a1b2c47",
            summary="New camping rules, good news for the Beck Valley, and contour lines.",
            blocks=[
                R(
                    '<div class="beehiiv"><div class="beehiiv__body"><a id="top"></a>'
                    + td_p("Hello walkers. Four sections this time.")
                ),
                C("In this issue", td_toc(t2)),
                S(
                    t2[0],
                    td_h(1, t2[0])
                    + td_p(
                        "From 1 July, wild camping in the park needs a free permit for any stay "
                        "longer than one night in the same place. One-night camps above the "
                        "intake wall stay legal without one, as they have been since 2023."
                    )
                    + td_p(
                        "The authority says the change is aimed at the handful of sites on the "
                        "eastern lakes where tents have been staying for a week or more, and where "
                        "rangers cleared 1.2 tonnes of litter last summer. Permits can be booked "
                        "online up to a month ahead, and the rangers say they will check them "
                        "with “a light touch”, whatever that turns out to mean."
                    ),
                ),
                C("Back to top", td_top()),
                S(
                    t2[1],
                    td_h(2, t2[1])
                    + td_p(
                        "The 47 bus, which runs up the Beck Valley to the trailheads at Skelwith "
                        "End, will keep its Sunday service after the county found £38,000 to "
                        "cover the shortfall for two more years. Thank you to the 1,600 of you "
                        "who signed the petition."
                    ),
                ),
                C("Back to top", td_top()),
                C(
                    "SPONSORED",
                    td_sponsor(
                        "Ordnance Trails",
                        "Every path in the park, offline",
                        "The Ordnance Trails app has every right of way in the park on detailed "
                        "maps that work without signal. Try it free for 30 days.",
                        "Start your free trial",
                        "https://ordnancetrails.example.com/trial",
                    ),
                    alts=("Every path in the park, offline",),
                ),
                S(
                    t2[2],
                    td_h(3, t2[2])
                    + td_p(
                        "Contour lines join points of the same height. Where they bunch together "
                        "the ground is steep; where they spread out it is gentle. That much most "
                        "of us know. The harder skill is seeing the shape: a spur, where the lines "
                        "point downhill like a tongue, and a valley, where they point uphill like "
                        "a V."
                    )
                    + td_p(
                        "Practise at home with a map of somewhere you know well. Find your "
                        "favourite climb and count the lines: on a 1:25,000 map each is 10 metres, "
                        "and every fifth one is drawn thicker. Then stand at the bottom of it next "
                        "time and see whether it looks the way you imagined."
                    ),
                ),
                C("Back to top", td_top()),
                S(
                    t2[3],
                    td_h(4, t2[3])
                    + td_p("The worst weather you have walked in, as promised:")
                    + td_quote(
                        "Horizontal hail on Hollin Knott in August. My map blew out of its case "
                        "and is presumably still travelling.",
                        "Rupert, Lowther",
                    )
                    + td_quote(
                        "Fog so thick on Scarrow Edge that we followed the wall by touch for an "
                        "hour, then found we had walked round a sheepfold twice.",
                        "Ines and Mo, Garrow",
                    ),
                ),
                C("Back to top", td_top()),
                C("Happy trails", td_signoff() + "</div></div>"),
            ],
        )
    )
    write(
        "newsletter-with-toc-anchors",
        rss_encoded(
            "Trailhead Dispatch",
            TD,
            "Paths, people and weather from the northern fells, every other Thursday.",
            "beehiiv",
            posts,
            self_path="feed",
        ),
        posts,
    )


# ================================================================ 6. academic-digest (Substack RSS)

PP = "https://preprintpile.substack.example.com"


def pp_p(title, authors, venue, summary):
    return f"<p><b>{title}</b><br><i>{authors} — {venue}</i><br>{summary}</p>"


def pp_h4(url, title, authors, summary):
    return f'<h4><a href="{url}" rel="">{title}</a></h4><p><em>{authors}</em></p><p>{summary}</p>'


def pp_subscribe():
    return (
        '<div class="subscription-widget-wrap-editor" data-attrs="{&quot;url&quot;:&quot;'
        f'{PP}/subscribe?&quot;,&quot;text&quot;:&quot;Subscribe&quot;}}" '
        'data-component-name="SubscribeWidgetToDOM"><div class="subscription-widget show-subscribe">'
        '<div class="preamble"><p class="cta-caption">The Preprint Pile is a reader-supported '
        "publication. To receive new posts and support my work, consider becoming a free or paid "
        'subscriber.</p></div><form class="subscription-widget-subscribe"><input type="email" '
        'class="email-input" name="email" placeholder="Type your email…" tabindex="-1">'
        '<input type="submit" class="button primary" value="Subscribe"></form></div></div>'
    )


def academic_digest():
    posts = []
    posts.append(
        Post(
            "The Preprint Pile, week 9: river sensors, cheaper translation, bird song",
            f"{PP}/p/the-preprint-pile-week-9",
            day(2026, 3, 1, 15, 0),
            author="Dr. Sunniva Achterberg",
            guid=f"{PP}/p/the-preprint-pile-week-9",
            summary="Seven papers I read this week, in three piles.",
            blocks=[
                R(
                    "<p>Seven papers this week. As always, the summaries are mine and any "
                    "mistakes in them are too; the authors are welcome to write in.</p>"
                ),
                C("Environmental sensing", "<h3>Environmental sensing</h3>"),
                S(
                    "Low-cost turbidity sensors drift less than we thought",
                    pp_p(
                        "Low-cost turbidity sensors drift less than we thought",
                        "M. Oyelowo, K. Brandvold, T. Anand",
                        "Water Research Letters 2026",
                        "The authors left 48 sensors costing under €40 each in six rivers for a "
                        "year, next to a reference station. After correcting for fouling with a "
                        "simple monthly wipe, drift stayed within 4% of the reference. The "
                        "interesting finding is that temperature, not fouling, caused most of "
                        "the error, and that a two-parameter correction fixes it. Good news for "
                        "community monitoring projects.",
                    ),
                ),
                S(
                    "Counting floods from space with radar and a river gauge",
                    pp_p(
                        "Counting floods from space with radar and a river gauge",
                        "L. Perrault, A. Nakashima-Ruiz",
                        "RemoteSens 2026",
                        "Combines free radar imagery with a single gauge per catchment to map "
                        "flood extent every six days. Misses short floods, as you would expect, "
                        "but matches field surveys for the long ones.",
                    ),
                ),
                C("Language technology", "<h3>Language technology</h3>"),
                S(
                    "Distilling translation models for languages with little data",
                    pp_p(
                        "Distilling translation models for languages with little data",
                        "R. Mbeki-Halvorsen, J. Castellanos, E. Virtanen, S. Okafor",
                        "ACL 2026",
                        "A large multilingual model teaches a small one, but only on sentences "
                        "where three different prompts agree on the translation. For twelve "
                        "languages with under a million sentences of training text, the small "
                        "model (300 million parameters) comes within 1.5 BLEU of the teacher and "
                        "runs on a phone. The agreement filter throws away 40% of the data and "
                        "still helps, which says something about the quality of the rest.",
                    ),
                ),
                S(
                    "Do readers notice machine-translated news?",
                    pp_p(
                        "Do readers notice machine-translated news?",
                        "H. Delacroix, P. Sandoval",
                        "EMNLP Findings 2026",
                        "Mostly not, in a study of 1,100 readers in four countries; and when they "
                        "did, they trusted the article less, even if it was accurate.",
                    ),
                ),
                S(
                    "A benchmark for reading tables in scanned reports",
                    pp_p(
                        "A benchmark for reading tables in scanned reports",
                        "Q. Lindahl, M. Afolabi, C. Ferreira",
                        "ICDAR 2026",
                        "2,400 tables from scanned annual reports of municipalities, with the "
                        "cells typed in by hand. The best systems get the numbers right and the "
                        "headers wrong; merged header cells are the main problem.",
                    ),
                ),
                C("Animal behaviour", "<h3>Animal behaviour</h3>"),
                S(
                    "City blackbirds sing earlier, not louder",
                    pp_p(
                        "City blackbirds sing earlier, not louder",
                        "F. Oduya, B. Marchetti",
                        "Behavioral Ecology 2026",
                        "Recordings from 90 gardens across three cities show blackbirds near busy "
                        "roads starting their dawn chorus 22 minutes earlier on average, before "
                        "the traffic starts, rather than raising their volume over it. The effect "
                        "disappears on Sundays, which is the detail I will be repeating at "
                        "dinner parties.",
                    ),
                ),
                S(
                    "Bats learn feeding sites from each other",
                    pp_p(
                        "Bats learn feeding sites from each other",
                        "D. Szabo, Y. Hollander, N. Ekwueme",
                        "Animal Cognition 2026",
                        "Tagged bats that roosted together found new feeding sites faster than "
                        "bats from other roosts, even without flying together.",
                    ),
                ),
                C("The Preprint Pile is a reader-supported publication", pp_subscribe()),
            ],
        )
    )
    posts.append(
        Post(
            "The Preprint Pile, week 11: soil carbon, code review, and a corrected map",
            f"{PP}/p/the-preprint-pile-week-11",
            day(2026, 3, 15, 15, 0),
            author="Dr. Sunniva Achterberg",
            guid=f"{PP}/p/the-preprint-pile-week-11",
            summary="Five papers and a new format.",
            blocks=[
                R(
                    "<p>A new layout this week, after several of you asked for clickable titles. "
                    "Five papers, in two piles.</p>"
                ),
                C("Soil and climate", "<h3>Soil and climate</h3>"),
                S(
                    "How much carbon do cover crops really store?",
                    pp_h4(
                        "https://preprints.example.org/2026.03.0412",
                        "How much carbon do cover crops really store?",
                        "A. Thorsdottir, G. Mwangi, R. Oyarzún — Global Change Biology 2026",
                        "A re-analysis of 212 field trials finds that the carbon stored by cover "
                        "crops is about a third of the figure used in most national inventories, "
                        "because many trials sampled only the top 30 cm of soil, where the gains "
                        "are, and not the layers below, where some of the carbon is lost. The "
                        "authors are careful to say cover crops are still worth it for other "
                        "reasons; they are just not the carbon sink they were sold as.",
                    ),
                ),
                S(
                    "A corrected map of peatland depth",
                    pp_h4(
                        "https://preprints.example.org/2026.03.0377",
                        "A corrected map of peatland depth",
                        "E. Vasiliou, K. Obi — Earth System Science Data 2026",
                        "Adds 9,000 new depth probes to the national peat map. Some bogs are "
                        "twice as deep as the old map said.",
                    ),
                ),
                C("Software engineering", "<h3>Software engineering</h3>"),
                S(
                    "What reviewers actually look at in a pull request",
                    pp_h4(
                        "https://preprints.example.org/2026.03.0455",
                        "What reviewers actually look at in a pull request",
                        "T. Kowalczyk, L. Adeyemi, S. Brennan — ICSE 2026",
                        "Eye-tracking 38 developers reviewing real pull requests shows they spend "
                        "most of their time on the first file in the diff and on test files, and "
                        "very little on the description. Reordering the diff so that the most "
                        "changed file comes first caught 30% more seeded bugs.",
                    ),
                ),
                S(
                    "Flaky tests cluster in time, not in code",
                    pp_h4(
                        "https://preprints.example.org/2026.03.0461",
                        "Flaky tests cluster in time, not in code",
                        "M. Rautio, J. Esposito — MSR 2026",
                        "In 40 open-source projects, flaky failures came in bursts tied to "
                        "infrastructure changes rather than to particular test files. Retrying "
                        "hides them; logging the runner’s version finds them.",
                    ),
                ),
                S(
                    "Commit messages written by models",
                    pp_h4(
                        "https://preprints.example.org/2026.03.0470",
                        "Commit messages written by models",
                        "P. Ngata, W. Sørensen — ESEC/FSE 2026",
                        "Developers rated them clearer and less useful than human ones.",
                    ),
                ),
                C(
                    "That’s the pile for this week",
                    "<p>That’s the pile for this week. Reply with papers I should read; I read "
                    "every reply, eventually.</p>",
                ),
                C("The Preprint Pile is a reader-supported publication", pp_subscribe()),
            ],
        )
    )
    posts.append(
        Post(
            "Review: can a phone microphone census a forest?",
            f"{PP}/p/review-phone-microphone-forest-census",
            day(2026, 3, 22, 15, 0),
            author="Dr. Sunniva Achterberg",
            guid=f"{PP}/p/review-phone-microphone-forest-census",
            summary="A long look at one paper: acoustic monitoring with cheap phones.",
            whole=True,
            blocks=[
                R(
                    "<p>Once a month I take one paper and read it properly. This month it is "
                    '<a href="https://preprints.example.org/2026.02.0918">“Acoustic biodiversity '
                    "surveys with recycled smartphones”</a> by Ilse Okonkwo-Brandt and colleagues, "
                    "a preprint that has been passed around a lot, and which I think deserves "
                    "both the attention and a few caveats.</p>"
                    "<h3>Motivation</h3>"
                    "<p>Counting birds and frogs in a forest by ear is slow and expensive: a "
                    "trained surveyor, dawn after dawn, a few hectares at a time. Acoustic "
                    "recorders help, but the good ones cost several hundred euros each, and a "
                    "survey needs dozens. The authors ask whether old smartphones, which cost "
                    "nothing and are sitting in drawers everywhere, can do the job well enough "
                    "to be useful.</p>"
                    "<h3>Approach</h3>"
                    "<p>They placed 60 recycled phones, in waterproof boxes with a small solar "
                    "panel, across a 400-hectare forest reserve in the Vellmark hills, next to 12 "
                    "professional recorders. The phones recorded for five minutes every half hour "
                    "for three months. A standard bird-sound classifier then labelled every "
                    "recording, and the authors compared the species lists from the phones with "
                    "those from the professional recorders and from two human surveys.</p>"
                    "<h3>Results</h3>"
                    "<p>The phones detected 84% of the species that the professional recorders "
                    "did, and more species overall, simply because there were five times as many "
                    "of them spread over the reserve. They missed quiet, low-pitched calls, owls "
                    "above all, where cheap microphones cut off. Forty-one phones survived the "
                    "three months; the rest died of heat, damp or, in two cases, curious "
                    "squirrels.</p>"
                    "<h3>Limitations</h3>"
                    "<p>The paper’s headline claim, that phones can replace professional "
                    "recorders, goes further than its data. One reserve and one season is a "
                    "small base; the classifier was trained mostly on recordings from "
                    "professional equipment, which may flatter or penalise the phones in ways "
                    "the authors do not test; and the 32% failure rate would matter a great deal "
                    "in a wetter forest. Read it as strong evidence that phones can add "
                    "coverage, rather than as a reason to sell the good recorders.</p>"
                    "<p>Still, it is the most practical ecology paper I have read this year, and "
                    "the construction notes in the appendix are a gift to anyone running a "
                    "community survey.</p>"
                ),
                C("The Preprint Pile is a reader-supported publication", pp_subscribe()),
            ],
        )
    )
    write(
        "academic-digest",
        rss_encoded(
            "The Preprint Pile",
            PP,
            "Papers worth your time, summarised, every Sunday.",
            "Substack",
            posts,
        ),
        posts,
    )


def main():
    buttondown_plain()
    news_briefing()
    ghost_wide_images()
    jekyll_weekly_dl()
    newsletter_with_toc_anchors()
    academic_digest()


if __name__ == "__main__":
    main()
