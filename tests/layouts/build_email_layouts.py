#!/usr/bin/env python3
"""Build the e-mail-platform layout sets for the sectioner (stdlib only, deterministic).

    python3 tests/layouts/build_email_layouts.py

Writes, next to this file, NAME.xml and NAME.expected.json for six sets whose layouts are NOT in the
development corpus (shared/feeds/sectioning/):

    mailchimp     Mailchimp campaign-archive RSS: nested mcn* layout tables, <h1>/<h2>/20px-span headlines
    beehiiv       beehiiv RSS: "Together with" sponsors, emoji <h2>/<h3> headlines, Quick hits, poll, referral
    ghost         Ghost RSS: <h2 id> stories, kg-bookmark / kg-callout / kg-button / kg-toggle cards, one essay
    cooperpress   JavaScript Weekly / Python Weekly style link newsletters: mainlink items, IN BRIEF, Releases, Jobs
    axios         Axios "Smart Brevity" style: "1 big thing:", numbered <h2>s, bold lead-ins, Go deeper
    morningbrew   Morning Brew style: ALL-CAPS category labels, markets ticker, SHARE THE BREW, games

Every word was made up for this test (people, places, companies, products are fictional). Labelling follows the
rules in shared/feeds/sectioning/README.md ("Labels", "What a careful reader cuts"). Each post is a list of blocks
that carry their own label, so the expected file cannot drift from the feed:

    S(title, html)            a story a careful reader cuts out, titled as printed (rule 1)
    C(label, html, alts=())   chrome: ad, widget, category label, sign-off, footer; `alts` are other names the same
                              block could be given by a sectioner (each must also occur in the block)
    O(label, html, alts=())   optional: may or may not be cut
    R(html)                   anything else (preamble, spacers, wrappers): no label
A post built with whole=True must stay one section, titled with the post's own title.

`check` refuses a label that does not occur, character for character, in its own block's text.

Judgement calls (held consistent across sets):
- every sponsor / "Presented by" / "Together with" / "A message from" block is chrome, headline included;
- job listings (cooperpress) are paid classifieds: chrome, heading and each listing;
- category labels (Axios rubric lines, Morning Brew ALL-CAPS labels, Cooperpress section headings) are chrome;
- a bullet list of one-line items under a heading is ONE story titled by that heading (rule 4);
- polls, referral blocks, share buttons, "view in browser", preheaders, sign-offs and footers are chrome;
- games / trivia blocks and a trivia answer are optional; a "Smart Brevity count" line is stock boilerplate: chrome.
"""

from __future__ import annotations

from email.utils import format_datetime

from layoutkit import C, O, Post, R, S, day, esc, newest_first, write

# ---------------------------------------------------------------- feeds (beehiiv, Ghost, ESP archives)


def rss_encoded(
    title, link, description, generator, posts, *, media=False, image=None, language="en"
):
    """RSS 2.0 whose items carry the HTML in content:encoded (CDATA): beehiiv, Ghost, most ESP archives."""
    ns = (
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:atom="http://www.w3.org/2005/Atom"'
    )
    if media:
        ns += ' xmlns:media="http://search.yahoo.com/mrss/"'
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<rss {ns} version="2.0"><channel>',
        f"<title><![CDATA[{title}]]></title><description><![CDATA[{description}]]></description>"
        f"<link>{link}</link>"
        + (
            f"<image><url>{image}</url><title>{esc(title)}</title><link>{link}</link></image>"
            if image
            else ""
        )
        + f"<generator>{generator}</generator><lastBuildDate>{format_datetime(max(p.date for p in posts))}"
        f'</lastBuildDate><atom:link href="{link}/rss/" rel="self" type="application/rss+xml"/>'
        f"<language><![CDATA[{language}]]></language>",
    ]
    for p in newest_first(posts):
        guid = p.guid or p.link
        perma = "false" if p.guid else "true"
        extra = "".join(
            f"<category><![CDATA[{c}]]></category>" for c in p.extra.get("categories", [])
        )
        if media and p.extra.get("image"):
            extra += f'<media:content url="{p.extra["image"]}" medium="image"/>'
        out.append(
            f"<item><title><![CDATA[{p.title}]]></title><description><![CDATA[{p.summary}]]></description>"
            f'<link>{p.link}</link><guid isPermaLink="{perma}">{guid}</guid>{extra}'
            f"<dc:creator><![CDATA[{p.author}]]></dc:creator><pubDate>{format_datetime(p.date)}</pubDate>"
            f"<content:encoded><![CDATA[{p.html}]]></content:encoded></item>"
        )
    out.append("</channel></rss>")
    return "\n".join(out) + "\n"


def rss_escaped(title, link, description, posts, generator=None, self_link=None):
    """RSS 2.0 with the whole HTML escaped inside <description> (Mailchimp archive feed, Cooperpress issue feeds)."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>',
        f"<title>{esc(title)}</title><link>{esc(link)}</link><description>{esc(description)}</description>"
        + (f"<generator>{generator}</generator>" if generator else "")
        + (
            f'<atom:link href="{esc(self_link)}" rel="self" type="application/rss+xml"/>'
            if self_link
            else ""
        )
        + f"<language>en-us</language><lastBuildDate>{format_datetime(max(p.date for p in posts))}</lastBuildDate>",
    ]
    for p in newest_first(posts):
        out.append(
            f"<item><title>{esc(p.title)}</title><link>{p.link}</link><pubDate>{format_datetime(p.date)}"
            f'</pubDate><description>{esc(p.html)}</description><guid isPermaLink="true">{p.link}</guid>'
            "</item>"
        )
    out.append("</channel></rss>")
    return "\n".join(out) + "\n"


# ================================================================ 1. Mailchimp campaign archive

MC = "https://mailchi.mp/fernhillcoop"
MC_IMG = "https://mcusercontent.com/5f1c2e8a9b3d4e7f60a1b2c3d/images"
MC_FONT = "font-family:Helvetica;font-size:16px;line-height:150%;color:#202020;text-align:left;"


def mc_text_open():
    return (
        '<table border="0" cellpadding="0" cellspacing="0" width="100%" class="mcnTextBlock" style="min-width:100%;">'
        '<tbody class="mcnTextBlockOuter"><tr><td valign="top" class="mcnTextBlockInner" style="padding-top:9px;">'
        '<!--[if mso]><table align="left" border="0" cellspacing="0" cellpadding="0" width="100%" style="width:100%;">'
        '<tr><![endif]--><!--[if mso]><td valign="top" width="600" style="width:600px;"><![endif]-->'
        '<table align="left" border="0" cellpadding="0" cellspacing="0" style="max-width:100%; min-width:100%;" '
        'width="100%" class="mcnTextContentContainer"><tbody><tr><td valign="top" class="mcnTextContent" '
        f'style="padding-top:0; padding-right:18px; padding-bottom:9px; padding-left:18px;{MC_FONT}">'
    )


def mc_text_close():
    return (
        "</td></tr></tbody></table><!--[if mso]></td><![endif]--><!--[if mso]></tr></table><![endif]-->"
        "</td></tr></tbody></table>"
    )


def mc_text(inner):
    return mc_text_open() + inner + mc_text_close()


def mc_image(name, alt="", w=564):
    return (
        '<table border="0" cellpadding="0" cellspacing="0" width="100%" class="mcnImageBlock" style="min-width:100%;">'
        '<tbody class="mcnImageBlockOuter"><tr><td valign="top" style="padding:9px" class="mcnImageBlockInner">'
        '<table align="left" width="100%" border="0" cellpadding="0" cellspacing="0" class="mcnImageContentContainer" '
        'style="min-width:100%;"><tbody><tr><td class="mcnImageContent" valign="top" style="padding-right:9px; '
        'padding-left:9px; padding-top:0; padding-bottom:0; text-align:center;">'
        f'<img align="center" alt="{alt}" src="{MC_IMG}/{name}" width="{w}" style="max-width:1200px; '
        'padding-bottom:0; display:inline !important; vertical-align:bottom;" class="mcnImage">'
        "</td></tr></tbody></table></td></tr></tbody></table>"
    )


def mc_divider():
    return (
        '<table border="0" cellpadding="0" cellspacing="0" width="100%" class="mcnDividerBlock" '
        'style="min-width:100%;"><tbody class="mcnDividerBlockOuter"><tr><td class="mcnDividerBlockInner" '
        'style="min-width:100%; padding:18px;"><table class="mcnDividerContent" border="0" cellpadding="0" '
        'cellspacing="0" width="100%" style="min-width:100%; border-top:2px solid #EAEAEA;"><tbody><tr><td>'
        "<span></span></td></tr></tbody></table></td></tr></tbody></table>"
    )


def mc_button(text, url):
    return (
        '<table border="0" cellpadding="0" cellspacing="0" width="100%" class="mcnButtonBlock" '
        'style="min-width:100%;"><tbody class="mcnButtonBlockOuter"><tr><td style="padding-top:0; padding-right:18px; '
        'padding-bottom:18px; padding-left:18px;" valign="top" align="center" class="mcnButtonBlockInner">'
        '<table border="0" cellpadding="0" cellspacing="0" class="mcnButtonContentContainer" style="border-collapse:'
        'separate !important;border-radius:4px;background-color:#2E7D32;"><tbody><tr><td align="center" '
        'valign="middle" class="mcnButtonContent" style="font-family:Arial;font-size:16px;padding:16px;">'
        f'<a class="mcnButton " title="{text}" href="{url}" target="_blank" style="font-weight:bold;'
        f'letter-spacing:normal;line-height:100%;text-align:center;text-decoration:none;color:#FFFFFF;">{text}</a>'
        "</td></tr></tbody></table></td></tr></tbody></table>"
    )


def mc_boxed(inner, bg="#F4EFE6"):
    return (
        '<table border="0" cellpadding="0" cellspacing="0" width="100%" class="mcnBoxedTextBlock" '
        'style="min-width:100%;"><!--[if gte mso 9]><table align="center" border="0" cellspacing="0" '
        'cellpadding="0" width="100%"><![endif]--><tbody class="mcnBoxedTextBlockOuter"><tr><td valign="top" '
        'class="mcnBoxedTextBlockInner"><table align="left" border="0" cellpadding="0" cellspacing="0" width="100%" '
        'style="min-width:100%;" class="mcnBoxedTextContentContainer"><tbody><tr><td style="padding-top:9px; '
        'padding-left:18px; padding-bottom:9px; padding-right:18px;"><table border="0" cellspacing="0" '
        f'class="mcnTextContentContainer" width="100%" style="min-width:100% !important;background-color:{bg};">'
        '<tbody><tr><td valign="top" class="mcnTextContent" style="padding:18px;color:#3B3B3B;font-family:Georgia;'
        f'font-size:14px;font-weight:normal;text-align:left;">{inner}</td></tr></tbody></table></td></tr></tbody>'
        "</table></td></tr></tbody><!--[if gte mso 9]></table><![endif]--></table>"
    )


def mc_caption(img, inner):
    return (
        '<table border="0" cellpadding="0" cellspacing="0" width="100%" class="mcnCaptionBlock"><tbody '
        'class="mcnCaptionBlockOuter"><tr><td class="mcnCaptionBlockInner" valign="top" style="padding:9px;">'
        '<table border="0" cellpadding="0" cellspacing="0" class="mcnCaptionRightContentOuter" width="100%"><tbody>'
        '<tr><td valign="top" class="mcnCaptionRightContentInner" style="padding:0 9px ;"><table align="left" '
        'border="0" cellpadding="0" cellspacing="0" class="mcnCaptionRightImageContentContainer" width="176">'
        '<tbody><tr><td class="mcnCaptionRightImageContent" align="center" valign="top">'
        f'<img alt="" src="{MC_IMG}/{img}" width="176" style="max-width:400px;" class="mcnImage"></td></tr>'
        '</tbody></table><table class="mcnCaptionRightTextContentContainer" align="right" border="0" '
        'cellpadding="0" cellspacing="0" width="352"><tbody><tr><td valign="top" class="mcnTextContent">'
        f"{inner}</td></tr></tbody></table></td></tr></tbody></table></td></tr></tbody></table>"
    )


def mc_head(preheader, slug):
    """Everything above the body: hidden preview text, the preheader row, the logo header."""
    pre = (
        '<center><table align="center" border="0" cellpadding="0" cellspacing="0" height="100%" width="100%" '
        'id="bodyTable"><tr><td align="center" valign="top" id="bodyCell"><!-- BEGIN TEMPLATE // --><!--[if (gte mso 9)|(IE)]>'
        '<table align="center" border="0" cellspacing="0" cellpadding="0" width="600" style="width:600px;"><tr>'
        '<td align="center" valign="top" width="600" style="width:600px;"><![endif]--><table border="0" cellpadding="0" '
        'cellspacing="0" width="100%" class="templateContainer">'
    )
    return [
        R(pre),
        C(
            preheader,
            '<span class="mcnPreviewText" style="display:none; font-size:0px; line-height:0px; '
            'max-height:0px; max-width:0px; opacity:0; overflow:hidden; visibility:hidden; mso-hide:all;">'
            f"{preheader}</span>",
        ),
        C(
            "View this email in your browser",
            '<tr><td valign="top" id="templatePreheader">'
            + mc_text(
                f'<div style="text-align:right;"><a href="{MC}/{slug}?e=[UNIQID]" target="_blank">View this email in '
                "your browser</a></div>"
            )
            + "</td></tr>",
        ),
        R(
            '<tr><td valign="top" id="templateHeader">'
            + mc_image("fernhill-crate-logo.png", "The Fernhill Crate", 300)
            + '</td></tr><tr><td valign="top" id="templateBody">'
        ),
    ]


def mc_foot(slug):
    follow = (
        '<table border="0" cellpadding="0" cellspacing="0" width="100%" class="mcnFollowBlock" '
        'style="min-width:100%;"><tbody class="mcnFollowBlockOuter"><tr><td align="center" valign="top" '
        'style="padding:9px" class="mcnFollowBlockInner"><table border="0" cellpadding="0" cellspacing="0" '
        'width="100%" class="mcnFollowContentContainer"><tbody><tr><td align="center" style="padding-left:9px;'
        'padding-right:9px;"><table border="0" cellpadding="0" cellspacing="0" class="mcnFollowContent"><tbody>'
        '<tr><td align="center" valign="top" style="padding-top:9px; padding-right:9px; padding-left:9px;">'
        + "".join(
            f'<table align="left" border="0" cellpadding="0" cellspacing="0" style="display:inline;"><tbody>'
            f'<tr><td valign="top" style="padding-right:10px;" class="mcnFollowContentItemContainer">'
            f'<a href="{u}" target="_blank"><img src="https://cdn-images.mailchimp.com/icons/social-block-v2/'
            f'color-{n}-48.png" alt="{t}" style="display:block;" height="24" width="24" class="">'
            "</a></td></tr></tbody></table>"
            for n, t, u in (
                ("facebook", "Facebook", "https://www.facebook.com/fernhillcoop.example"),
                ("instagram", "Instagram", "https://instagram.com/fernhillcoop.example"),
                ("link", "Website", "https://fernhillcoop.example.org"),
            )
        )
        + "</td></tr></tbody></table></td></tr></tbody></table></td></tr></tbody></table>"
    )
    return [
        R('</td></tr><tr><td valign="top" id="templateFooter">' + follow),
        C(
            "Forward to a friend",
            mc_text(
                f'<div style="text-align:center;"><a href="https://us14.forward-to-friend.com/forward?u=5f1c2e8a9b3d4e7f60a1b2c3d'
                f'&amp;id={slug}&amp;e=[UNIQID]" target="_blank">Forward to a friend</a></div>'
            ),
        ),
        C(
            "Copyright © 2026 Fernhill Food Co-op, All rights reserved",
            mc_text(
                "<em>Copyright © 2026 Fernhill Food Co-op, All rights reserved.</em><br>You are receiving this email "
                "because you are a member of the Fernhill Food Co-op or signed up at the till.<br><br><strong>Our "
                'mailing address is:</strong><br><div class="vcard"><span class="org fn">Fernhill Food Co-op</span>'
                '<div class="adr"><div class="street-address">22 Tanyard Road</div><span class="locality">Fernhill</span> '
                '<span class="postal-code">FH4 9QT</span></div></div><br>Want to change how you receive these emails?<br>'
                'You can <a href="https://fernhillcoop.us14.list-manage.com/profile?u=5f1c2e8a9b3d4e7f60a1b2c3d">update '
                'your preferences</a> or <a href="https://fernhillcoop.us14.list-manage.com/unsubscribe?u=5f1c2e8a9b3d4e7'
                'f60a1b2c3d">unsubscribe from this list</a>.<br><br><a href="http://www.mailchimp.com/email-referral/" '
                'title="Mailchimp Email Marketing"><img src="https://cdn-images.mailchimp.com/monkey_rewards/intuit-mc-'
                'rewards-text-dark.png" alt="Email Marketing Powered by Intuit Mailchimp" width="139"></a>'
            ),
            alts=(
                "You are receiving this email because you are a member of the Fernhill Food Co-op",
                "Our mailing address is",
                "Want to change how you receive these emails",
            ),
        ),
        R(
            "</td></tr></table><!--[if (gte mso 9)|(IE)]></td></tr></table><![endif]--><!-- // END TEMPLATE -->"
            "</td></tr></table></center>"
        ),
    ]


def h1(t):
    return f'<h1 style="display:block;margin:0;padding:0;color:#2E7D32;font-family:Georgia;font-size:26px;">{t}</h1>'


def h2mc(t):
    return f'<h2 style="display:block;margin:0;padding:0;color:#222222;font-family:Georgia;font-size:22px;">{t}</h2>'


def big(t):
    return f'<span style="font-size:20px"><strong>{t}</strong></span>'


def mailchimp():
    posts = []
    slug = "the-crate-no-41-seedlings-bulk-aisle-agm"
    posts.append(
        Post(
            "The Crate No. 41: Seedlings, a bigger bulk aisle and the AGM",
            f"{MC}/{slug}",
            day(2026, 3, 6, 17, 30),
            blocks=[
                *mc_head(
                    "Plus: meet the farmer behind our winter leeks, and where the lost umbrellas go",
                    slug,
                ),
                R(
                    mc_text(
                        "<p>Hello members,</p><p>Spring is officially on the shelves: the first forced rhubarb came in "
                        "on Tuesday and sold out by lunchtime. Here is what else is happening at the shop this "
                        "month.</p>"
                    )
                ),
                S(
                    "Seedling sale returns on 11 April",
                    mc_text(h1("Seedling sale returns on 11 April"))
                    + mc_image("seedling-trays.jpg", "Trays of seedlings")
                    + mc_text(
                        "<p>Our spring seedling sale is back in the car park on Saturday 11 April, from 9am until the "
                        "trays run out. Stony Brook Farm and the Tanyard allotment group are bringing tomatoes, "
                        "chillies, courgettes, three kinds of basil and a lot of marigolds.</p><p>Members get first "
                        "pick between 9 and 10. After that it is open to everyone, so tell your neighbours. Please "
                        "bring your own boxes; we have run out of the cardboard ones two years in a row.</p>"
                    ),
                ),
                S(
                    "The bulk aisle doubles in size",
                    mc_text(
                        h1("The bulk aisle doubles in size")
                        + "<p>The refill wall by the window now has forty-eight "
                        "bins instead of twenty-four. New this month: red lentils, jumbo oats, sunflower seeds, "
                        "dried apricots, two kinds of rice and an eco laundry liquid from Brindle &amp; Co that you can "
                        "decant into any bottle.</p><p>Bring clean containers and weigh them at the till before you "
                        "fill up. If you forget, paper bags are 5p and we donate the money to the school garden. The "
                        "old bins are going to the community fridge on Mill Street.</p>"
                    ),
                ),
                C(
                    "This issue is supported by Alder & Finch Bakery",
                    mc_boxed(
                        '<p style="text-align:center;"><span style="font-size:12px">SPONSOR</span></p><p style="text-align:'
                        'center;"><strong>This issue is supported by Alder &amp; Finch Bakery</strong></p><p>Sourdough, rye '
                        "and the famous cardamom knots, baked at 4am on Quarry Lane. Show your co-op card for 10% off any "
                        'loaf before noon.</p><p style="text-align:center;"><a href="https://alderandfinch.example.com">'
                        "alderandfinch.example.com</a></p>"
                    ),
                    alts=("SPONSOR",),
                ),
                S(
                    "Meet the grower: Rosa Villanueva of Stony Brook Farm",
                    mc_divider()
                    + mc_text(h1("Meet the grower: Rosa Villanueva of Stony Brook Farm"))
                    + mc_image("rosa-villanueva.jpg", "Rosa Villanueva in a leek field", 400)
                    + mc_text(
                        "<p>If you bought leeks from us between November and February, they almost certainly came "
                        "from Rosa Villanueva&#8217;s eleven acres at Stony Brook, four miles up the valley. Rosa "
                        "took over the farm from her uncle in 2019 and moved it to no-dig beds the following "
                        "spring.</p><p>&#8220;The first year was awful,&#8221; she told us. &#8220;The second year "
                        "the soil started to come back, and now I could not go back to ploughing.&#8221; She grows "
                        "about forty crops and sells most of them through us and the Saturday market.</p><p>Stony "
                        "Brook is holding an open day on 25 April. Bring boots.</p>"
                    ),
                ),
                S(
                    "AGM: date, agenda and how to vote",
                    mc_divider()
                    + mc_text(
                        h1("AGM: date, agenda and how to vote")
                        + "<p>This year&#8217;s annual general "
                        "meeting is on Wednesday 22 April at 7pm in St Luke&#8217;s hall. On the agenda: the accounts, "
                        "two seats on the board, and a proposal to open on Sunday mornings.</p><p>Every member has "
                        "one vote. If you cannot come, you can vote by proxy using the form at the till, or online "
                        "until 20 April. Candidate statements are pinned on the noticeboard by the door.</p>"
                    )
                    + mc_button(
                        "Read the candidate statements", "https://fernhillcoop.example.org/agm-2026"
                    ),
                ),
                S(
                    "Lost property",
                    mc_text(
                        h1("Lost property")
                        + "<p>We now have nine umbrellas, two scarves and a child&#8217;s "
                        "recorder behind the counter. Anything unclaimed by Easter goes to the charity shop.</p>"
                    ),
                ),
                C(
                    "See you in the aisles",
                    mc_text("<p>See you in the aisles,<br>Priya, Tom and the Fernhill team</p>"),
                ),
                *mc_foot("a1b2c3d4e5"),
            ],
        )
    )

    slug = "the-crate-no-42-rhubarb-refunds-rota"
    posts.append(
        Post(
            "The Crate No. 42: Rhubarb, refunds and a rota rethink",
            f"{MC}/{slug}",
            day(2026, 4, 3, 17, 30),
            blocks=[
                *mc_head(
                    "Instant card refunds, fortnightly shifts, and a pudding for the weekend", slug
                ),
                R(
                    mc_text(
                        "<p>Hello again, members. A quick note first: the shop closes at 4pm on Good Friday and opens "
                        "as normal on Saturday.</p>"
                    )
                ),
                S(
                    "Rhubarb season starts early",
                    mc_text_open()
                    + h2mc("Rhubarb season starts early")
                    + "<p>The mild March has done wonders for the "
                    "outdoor rhubarb at Holloway&#8217;s, and we expect the first field-grown stalks next week, about three "
                    "weeks ahead of last year. Prices should drop from &#163;4.20 a kilo to around &#163;2.80 once it is "
                    "in properly.</p><p>Trevor Holloway asks us to pass on that the crowns he sells in autumn are already "
                    "spoken for, so please stop asking him at the market.</p>",
                ),
                S(
                    "Card refunds are now instant",
                    h2mc("Card refunds are now instant")
                    + "<p>Since the new card machines went in, refunds go straight "
                    "back to your card instead of taking three to five days. You will need the card you paid with and "
                    "the receipt, or the email receipt if you chose one.</p><p>Members&#8217; dividend vouchers still "
                    "have to be spent in the shop; the machines cannot turn them into cash, and neither can Tom.</p>"
                    + mc_text_close(),
                ),
                S(
                    "Volunteer rota: we are trying fortnightly shifts",
                    mc_text(
                        h2mc("Volunteer rota: we are trying fortnightly shifts")
                        + "<p>For ten years the rota has "
                        "asked volunteers for one three-hour shift a week. Fewer of you can manage that, and the gaps "
                        "show up on Tuesday afternoons, when the shelves go unfilled.</p><p>From May we are trying a "
                        "fortnightly pattern: one shift every other week, with a swap board in the back office. If "
                        "it works, we keep it; if the gaps get worse, we will think again at the autumn meeting.</p>"
                    )
                    + mc_button("Sign up for a shift", "https://fernhillcoop.example.org/rota"),
                ),
                C(
                    "Sponsored by Kettle Lane Credit Union",
                    mc_caption(
                        "kettle-lane-logo.png",
                        "<p><strong>Sponsored by Kettle Lane Credit Union</strong></p><p>Savings accounts from &#163;1 and "
                        "fair loans for Fernhill households. Drop in on Thursdays at the library, 10am to 1pm.</p>",
                    ),
                ),
                S(
                    "Events this month",
                    mc_text(
                        h2mc("Events this month")
                        + "<ul><li><strong>Sat 11 April</strong> &#8211; Seedling sale, "
                        "car park, 9am</li><li><strong>Thu 16 April</strong> &#8211; Knife sharpening with Gus, "
                        "back room, 5&#8211;7pm</li><li><strong>Wed 22 April</strong> &#8211; AGM, St Luke&#8217;s "
                        "hall, 7pm</li><li><strong>Sat 25 April</strong> &#8211; Open day at Stony Brook Farm, "
                        "10am&#8211;3pm</li></ul>"
                    ),
                ),
                S(
                    "Recipe: rhubarb and ginger fool",
                    mc_image("rhubarb-fool.jpg", "A glass of rhubarb fool", 400)
                    + mc_text(
                        h2mc("Recipe: rhubarb and ginger fool")
                        + "<p>Serves four, takes twenty minutes plus "
                        "chilling.</p><ul><li>400g rhubarb, in 3cm pieces</li><li>3 tbsp honey</li><li>2 balls of "
                        "stem ginger, chopped fine</li><li>300ml double cream</li></ul><p>Roast the rhubarb with "
                        "the honey at 180&#176;C for fifteen minutes and let it cool. Whip the cream to soft "
                        "peaks, fold in the rhubarb and the ginger, leaving streaks, and spoon into glasses. Chill "
                        "for an hour. Priya insists on a crushed ginger biscuit on top.</p>"
                    ),
                ),
                C(
                    "Happy Easter from all of us at Fernhill",
                    mc_text("<p>Happy Easter from all of us at Fernhill.</p>"),
                ),
                *mc_foot("f6a7b8c9d0"),
            ],
        )
    )

    slug = "the-crate-no-43-freezer-saga-price-promise"
    posts.append(
        Post(
            "The Crate No. 43: The freezer saga, a price promise and May hours",
            f"{MC}/{slug}",
            day(2026, 5, 1, 17, 30),
            blocks=[
                *mc_head("The new freezer is in. Mostly.", slug),
                R(
                    mc_text(
                        "<p>Dear members,</p><p>Thank you to the 212 of you who came to the AGM, a record. The Sunday "
                        "opening proposal passed, narrowly, and more on that next month.</p>"
                    )
                ),
                S(
                    "The freezer saga, concluded",
                    mc_text(
                        "<p>"
                        + big("The freezer saga, concluded")
                        + "</p><p>After six weeks with a borrowed chest "
                        "freezer in the back corridor, the new upright freezers are in and running. They use about "
                        "half the electricity of the old ones, according to the installer, and they have glass doors, "
                        "so you can stare at the ice cream without letting the cold out.</p><p>The delay, for those "
                        "who asked, was a missing part shipped to a different Fernhill, in Scotland. It came back by "
                        "courier on Tuesday.</p>"
                    ),
                ),
                S(
                    "Our price promise on staples",
                    mc_text(
                        big("Our price promise on staples")
                        + "<br>From this month, twenty everyday items will cost "
                        "no more at Fernhill than at the big supermarket on the ring road: milk, eggs, flour, oats, "
                        "pasta, tinned tomatoes, rice, bread flour, and a dozen more.<br><br>We check the prices every "
                        "Monday and the list is on the board by the tills. <strong>Note:</strong> it covers our own "
                        "bulk-bin prices too, so bring a jar and it is usually cheaper still.<br>"
                    ),
                ),
                R(mc_image("tanyard-allotment.jpg", "The Tanyard allotment in April")),
                S(
                    "The school garden needs a shed",
                    mc_text(
                        "<p>"
                        + big("The school garden needs a shed")
                        + "</p><p>Tanyard Primary&#8217;s growing club "
                        "has outgrown the plastic box where it keeps its tools. If you have a small shed you no longer "
                        "need, or a weekend and a drill, talk to Ms Okafor at the school office.</p>"
                    ),
                ),
                S(
                    "May opening hours",
                    mc_text(
                        "<p>"
                        + big("May opening hours")
                        + '</p><table style="width:100%;"><tbody><tr><td>Monday to '
                        "Friday</td><td>8am &#8211; 7pm</td></tr><tr><td>Saturday</td><td>8am &#8211; 6pm</td></tr>"
                        "<tr><td>Sunday (from 17 May)</td><td>10am &#8211; 2pm</td></tr><tr><td>Bank holidays (4 and "
                        "25 May)</td><td>10am &#8211; 4pm</td></tr></tbody></table><p>Sunday opening is a six-month "
                        "trial, staffed by volunteers. If it is quiet we will say so in October.</p>"
                    ),
                ),
                S(
                    "Quick notes",
                    mc_text(
                        "<p>"
                        + big("Quick notes")
                        + "</p><ul><li>The noticeboard is full; posters now come down after "
                        "two weeks.</li><li>Gus is sharpening knives again on 21 May.</li><li>Found: one blue glove, "
                        "left hand.</li><li>Egg boxes back, please. We are down to our last stack.</li></ul>"
                    ),
                ),
                C("With thanks", mc_text("<p>With thanks,<br>Priya Raman, shop manager</p>")),
                *mc_foot("b1c2d3e4f5"),
            ],
        )
    )

    write(
        "mailchimp",
        rss_escaped(
            "The Fernhill Crate Archive Feed",
            "https://us14.campaign-archive.com/home/?u=5f1c2e8a9b3d4e7f60a1b2c3d&id=c9f2a71e0b",
            "The Fernhill Crate Archive Feed",
            posts,
            self_link="https://us14.campaign-archive.com/feed?u=5f1c2e8a9b3d4e7f60a1b2c3d&id=c9f2a71e0b",
        ),
        posts,
    )


# ================================================================ 2. beehiiv

BH = "https://gridline.beehiiv.com"
BH_IMG = "https://media.beehiiv.com/cdn-cgi/image/fit=scale-down,format=auto,onerror=redirect,quality=80/uploads/asset/file"
BH_STYLE = (
    "<style>\n  .bh__table, .bh__table_header, .bh__table_cell { border: 1px solid #C0C0C0; }\n  .bh__table_cell "
    "{ padding: 5px; background-color: #FFFFFF; }\n  .bh__table_cell p { color: #2D2D2D; font-family: 'Helvetica',"
    "Arial,sans-serif !important; overflow-wrap: break-word; }\n  .bh__table_header { padding: 5px; "
    "background-color:#F1F1F1; }\n  .bh__table_header p { color: #2A2A2A; font-family:'Trebuchet MS','Lucida "
    "Grande',Tahoma,sans-serif !important; overflow-wrap: break-word; }\n</style>"
)


def bh_wrap(blocks):
    return [
        R(f"<div class='beehiiv'>{BH_STYLE}<div class='beehiiv__body'>"),
        *blocks,
        R("</div></div>"),
    ]


def bp(t, align="left"):
    return f'<p class="paragraph" style="text-align:{align};">{t}</p>'


def bh(level, t, hid):
    return f'<h{level} class="heading" style="text-align:left;" id="{hid}">{t}</h{level}>'


def bimg(key, alt="", caption=None, href=None):
    img = f'<img alt="{alt}" class="image__image" style="" src="{BH_IMG}/{key}"/>'
    if href:
        img = f'<a class="image__link" href="{href}" rel="noopener" target="_blank">{img}</a>'
    cap = (
        f'<div class="image__source"><span class="image__source_text"><p>{caption}</p></span></div>'
        if caption
        else ""
    )
    return f'<div class="image">{img}{cap}</div>'


def bul(items):
    return (
        "<ul>"
        + "".join(f'<li><p class="paragraph" style="text-align:left;">{i}</p></li>' for i in items)
        + "</ul>"
    )


def bbutton(text, href):
    return (
        f'<div class="button" style="text-align:center;"><a class="button__link" href="{href}" rel="noopener '
        f'nofollow noreferrer" target="_blank"><span class="button__text" style="">{text}</span></a></div>'
    )


HR = '<hr class="content_break">'


def bh_poll(slug, q="How did you like today’s email?"):
    opts = [("🔥🔥🔥 Loved it", "loved"), ("🌤 It was fine", "fine"), ("🧊 Not for me", "meh")]
    return (
        HR
        + bh(3, q, "poll")
        + "".join(
            bp(
                f'<a class="link" href="{BH}/p/{slug}?poll={k}&amp;utm_source=gridline.beehiiv.com" target="_blank" '
                f'rel="noopener noreferrer nofollow">{t}</a>'
            )
            for t, k in opts
        )
        + bp("<i>Login or Subscribe to participate in polls.</i>")
    )


def bh_referral():
    return (
        HR
        + bh(3, "Share the newsletter, get rewards", "share-the-newsletter-get-rewards")
        + bp(
            "Refer 3 friends and get the Gridline sticker pack. Refer 10 and we send you the mug. You currently "
            "have <b>0</b> referrals."
        )
        + bbutton("Click to Share", f"{BH}/subscribe?ref=PLACEHOLDER")
        + bp(
            "Or copy and paste this link to others: https://gridline.beehiiv.com/subscribe?ref=PLACEHOLDER"
        )
    )


def beehiiv():
    posts = []
    slug = "texas-solar-record-heat-pump-tariffs"
    posts.append(
        Post(
            "⚡ Texas sets a solar record, heat pumps get cheaper",
            f"{BH}/p/{slug}",
            day(2026, 2, 10, 11),
            summary="Plus: a battery factory in Ohio and the week's quick hits",
            author="Mara Lindgren",
            extra={"categories": ["Newsletter"]},
            blocks=bh_wrap(
                [
                    C(
                        "Together with Voltwise",
                        bp("<b>Together with</b>", "center")
                        + bimg(
                            "a3b1c2d4/voltwise-logo.png",
                            "Voltwise",
                            href="https://voltwise.example.com/?utm_source=gridline",
                        )
                        + bp("Together with Voltwise", "center"),
                    ),
                    R(
                        bp(
                            "Good morning. It is Tuesday, and the coffee machine at Gridline HQ is finally fixed. Here is what "
                            "you need to know about energy today."
                        )
                    ),
                    R(HR),
                    S(
                        "Texas breaks its solar record in February",
                        bh(
                            2,
                            "☀️ Texas breaks its solar record in February",
                            "texas-breaks-its-solar-record-in-february",
                        )
                        + bimg(
                            "b7c6d5e4/solar-chart.png",
                            "Chart of solar output",
                            "Source: grid operator data, Gridline analysis",
                        )
                        + bp(
                            "The Lone Star Exchange, the fictional Texas grid operator we follow most closely, reported solar "
                            "output of 31.4 gigawatts on Sunday afternoon, beating a record set last August. It is unusual "
                            "for a winter record to beat a summer one; the difference this year is about 6 gigawatts of new "
                            "panels that came online in the fourth quarter."
                        )
                        + bp(
                            "<b>Why it matters:</b> for a few hours, solar covered more than half of demand, and wholesale "
                            "prices went negative in the western zone. Battery operators made their money that evening, when "
                            "prices jumped back above $90 a megawatt-hour."
                        )
                        + bp(
                            "<b>What’s next:</b> another 9 gigawatts are due before summer. Expect more negative-price "
                            "afternoons and more angry gas plant owners."
                        ),
                    ),
                    S(
                        "Heat pump prices fall for the third quarter in a row",
                        bh(
                            2,
                            "🌡️ Heat pump prices fall for the third quarter in a row",
                            "heat-pump-prices-fall",
                        )
                        + bp(
                            "The average installed price of an air-source heat pump fell 7% in the last three months of "
                            "2025, according to a survey of 1,400 installers by Calder Research. Installers say competition "
                            "from two new manufacturers has pushed equipment prices down, while labour costs barely "
                            "moved."
                        )
                        + bul(
                            [
                                "Median price for a three-bedroom home: $11,800, down from $12,700.",
                                "Average install time: 2.1 days.",
                                "Share of installs replacing a gas furnace: 41%.",
                            ]
                        )
                        + bp(
                            "Calder’s Inez Marsh cautions that the figures exclude homes that needed new ductwork, which "
                            "can double the bill."
                        ),
                    ),
                    S(
                        "Brightcell picks Ohio for its battery factory",
                        bh(
                            2,
                            "🔋 Brightcell picks Ohio for its battery factory",
                            "brightcell-picks-ohio",
                        )
                        + bp(
                            "Brightcell, the sodium-ion startup spun out of a university lab in Oregon, says it will build "
                            "its first full-scale factory outside Lorain, Ohio, hiring about 900 people by 2029. The company "
                            "chose the site over bids from Michigan and Georgia, citing a cheap lakefront power contract."
                        )
                        + bp(
                            "Sodium-ion cells are heavier than lithium ones but use no lithium, cobalt or nickel. Brightcell "
                            "is aiming them at grid storage, where weight hardly matters."
                        ),
                    ),
                    R(HR),
                    C(
                        "Your fleet is already a power plant",
                        bp("<b>TOGETHER WITH VOLTWISE</b>")
                        + bh(3, "Your fleet is already a power plant", "voltwise")
                        + bimg("c9d8e7f6/voltwise-van.png", "An electric van charging")
                        + bp(
                            "Voltwise turns parked electric vans into grid batteries and pays you for every kilowatt-hour "
                            "they deliver. Fleet managers in four states earned an average of $1,340 per vehicle last "
                            "year, without changing a single route."
                        )
                        + bbutton(
                            "Get your fleet estimate",
                            "https://voltwise.example.com/estimate?utm_source=gridline",
                        ),
                        alts=("TOGETHER WITH VOLTWISE",),
                    ),
                    R(HR),
                    S(
                        "Quick hits",
                        bh(3, "⚡ Quick hits", "quick-hits")
                        + bul(
                            [
                                '<a class="link" href="https://example.com/news/1">Norwind raises $140M</a> for floating offshore '
                                "turbines.",
                                '<a class="link" href="https://example.com/news/2">Ferrous Labs</a> shows an iron-air battery '
                                "running for 100 hours.",
                                'The city of Alder Bay <a class="link" href="https://example.com/news/3">bans gas hookups</a> in '
                                "new offices.",
                                '<a class="link" href="https://example.com/news/4">Transformer lead times</a> are now 3 years, '
                                "says a utility trade group.",
                            ]
                        ),
                    ),
                    C("How did you like today’s email?", bh_poll(slug)),
                    C("Share the newsletter, get rewards", bh_referral()),
                    C(
                        "That’s it for today",
                        HR + bp("That’s it for today. See you Thursday.<br>— Mara"),
                    ),
                ]
            ),
        )
    )

    slug = "the-transmission-bill-stalls"
    posts.append(
        Post(
            "The transmission bill stalls (again)",
            f"{BH}/p/{slug}",
            day(2026, 2, 12, 11),
            summary="Also: a geothermal first in Nevada and a new way to read your power bill",
            author="Mara Lindgren",
            extra={"categories": ["Newsletter"]},
            blocks=bh_wrap(
                [
                    C(
                        "Presented by Hearthstack",
                        bp("<i>Presented by</i>", "center")
                        + bimg(
                            "d1e2f3a4/hearthstack-logo.png",
                            "Hearthstack",
                            href="https://hearthstack.example.com",
                        )
                        + bp("<i>Presented by Hearthstack</i>", "center"),
                    ),
                    R(
                        bp(
                            "Hey there. Today: Congress, a hole in the Nevada desert, and why your electricity bill has three "
                            "lines you have never read."
                        )
                    ),
                    R(HR),
                    S(
                        "The transmission bill stalls in committee",
                        bh(
                            3,
                            "The transmission bill stalls in committee",
                            "the-transmission-bill-stalls-in-committee",
                        )
                        + bp(
                            "The Grid Modernization Act, which would let federal regulators approve power lines that cross "
                            "several states, failed to get out of the Senate energy committee on Wednesday. Two senators "
                            "from the same party as the bill’s sponsor voted against it, saying it would override state "
                            "siting rules."
                        )
                        + bp(
                            "Developers say about 200 gigawatts of wind and solar are waiting for lines that do not exist "
                            "yet. “We are building the power plants faster than we can build the wires,” said Dana Ruiz "
                            "of the fictional Clean Grid Council."
                        )
                        + bp(
                            "The sponsor says she will try again in the spring with a narrower version."
                        ),
                    ),
                    S(
                        "Nevada’s first enhanced geothermal plant starts up",
                        bh(
                            3,
                            "Nevada’s first enhanced geothermal plant starts up",
                            "nevadas-first-enhanced-geothermal",
                        )
                        + bimg(
                            "e5f6a7b8/geothermal-rig.jpg",
                            "A drilling rig in the desert",
                            "The Red Mesa site in January",
                        )
                        + bp(
                            "Deepwell Energy switched on its 12-megawatt Red Mesa plant on Monday, the first in the state to "
                            "use fractured hot rock rather than natural hot springs. The company drilled two wells to 3,200 "
                            "metres and pumps water between them."
                        )
                        + bp(
                            "It is small, but it is the test that matters: if Red Mesa runs steadily for a year, Deepwell "
                            "says it has buyers lined up for 400 megawatts more."
                        ),
                    ),
                    R(HR),
                    C(
                        "Cut your heating bill without touching the thermostat",
                        bp("<b>PRESENTED BY HEARTHSTACK</b>")
                        + bh(
                            3,
                            "Cut your heating bill without touching the thermostat",
                            "hearthstack",
                        )
                        + bp(
                            "Hearthstack’s smart vents learn which rooms you actually use and close off the rest. Owners "
                            "save an average of 18% on heating in the first winter. Gridline readers get free shipping this "
                            "week."
                        )
                        + bbutton(
                            "Shop Hearthstack",
                            "https://hearthstack.example.com/?utm_source=gridline",
                        ),
                        alts=("PRESENTED BY HEARTHSTACK",),
                    ),
                    R(HR),
                    S(
                        "How to read your power bill",
                        bh(3, "How to read your power bill", "how-to-read-your-power-bill")
                        + bp(
                            "A reader in Ohio sent us her bill and asked what the three lines between “energy charge” and "
                            "the total actually are. Short version:"
                        )
                        + bul(
                            [
                                "<b>Distribution charge:</b> the local wires and poles.",
                                "<b>Transmission charge:</b> the high-voltage lines, passed through from the grid operator.",
                                "<b>Rider:</b> anything a regulator has let the utility add, from storm repairs to efficiency "
                                "programmes.",
                            ]
                        )
                        + bp(
                            "Riders are where bills creep up. Yours should be listed, with a docket number, on your "
                            "utility’s website."
                        ),
                    ),
                    S(
                        "Around the web",
                        bh(3, "Around the web", "around-the-web")
                        + bul(
                            [
                                '<a class="link" href="https://example.com/web/1">Why wind turbines are getting taller, in one '
                                "chart</a>",
                                '<a class="link" href="https://example.com/web/2">A heat pump installer’s diary from a Maine '
                                "winter</a>",
                                '<a class="link" href="https://example.com/web/3">The forgotten 1970s plan to run Denver on '
                                "solar</a>",
                            ]
                        ),
                    ),
                    C("How did you like today’s email?", bh_poll(slug)),
                    C("Share the newsletter, get rewards", bh_referral()),
                    C(
                        "That’s it for today",
                        HR
                        + bp(
                            "That’s it for today. Reply and tell us what your bill says. — Mara "
                            "and Theo"
                        ),
                    ),
                ]
            ),
        )
    )

    slug = "cheap-batteries-expensive-wires"
    posts.append(
        Post(
            "🔌 Cheap batteries, expensive wires",
            f"{BH}/p/{slug}",
            day(2026, 2, 17, 11),
            summary="Battery prices hit a low, interconnection fees hit a high",
            author="Theo Park",
            extra={"categories": ["Newsletter"]},
            blocks=bh_wrap(
                [
                    R(
                        bp(
                            "Good morning from a snowed-in Theo. Mara is on holiday, so you get the short version."
                        )
                    ),
                    S(
                        "Battery pack prices hit a new low",
                        bh(
                            2,
                            "📉 Battery pack prices hit a new low",
                            "battery-pack-prices-hit-a-new-low",
                        )
                        + bp(
                            "Stationary storage packs sold for an average of $88 per kilowatt-hour in January, according to "
                            "Tallis Analytics, down from $115 a year earlier. Chinese cell makers are running their factories "
                            "at about 60% capacity and cutting prices to keep lines busy."
                        )
                        + bp(
                            "<b>The catch:</b> the pack is now less than half the cost of a finished project. Land, "
                            "permits and grid connection make up the rest, and none of those are getting cheaper."
                        ),
                    ),
                    S(
                        "Chart of the day",
                        bh(2, "📊 Chart of the day", "chart-of-the-day")
                        + bimg(
                            "f0a1b2c3/interconnection-fees.png",
                            "Interconnection fees by region",
                            "Median interconnection cost per kilowatt, 2019–2025. Source: Tallis Analytics",
                        )
                        + bp(
                            "Interconnection fees per kilowatt have tripled since 2019 in the Midwest, while battery prices "
                            "halved."
                        ),
                    ),
                    C(
                        "Together with Voltwise",
                        HR
                        + bp("<b>Together with Voltwise</b>")
                        + bp(
                            'Parked EVs earn money. <a class="link" href="https://voltwise.example.com">See how much '
                            "yours could make</a>."
                        ),
                    ),
                    S(
                        "One good thing",
                        bh(2, "💚 One good thing", "one-good-thing")
                        + bp(
                            "A middle school in Pell City, Alabama, paid off its rooftop solar in six years instead of the "
                            "twelve it planned for, and the students who wrote the grant application are now in high "
                            "school."
                        ),
                    ),
                    C("How did you like today’s email?", bh_poll(slug)),
                    C("That’s it for today", HR + bp("That’s it for today. Stay warm. — Theo")),
                ]
            ),
        )
    )

    write(
        "beehiiv",
        rss_encoded(
            "Gridline",
            BH,
            "The energy transition, three times a week, in five minutes.",
            "https://www.beehiiv.com",
            posts,
            image="https://media.beehiiv.com/uploads/publication/logo/gridline.png",
        ),
        posts,
    )


# ================================================================ 3. Ghost

GH = "https://brackwaterledger.example.com"
GH_IMG = GH + "/content/images/2026"


def kg_bookmark(url, title, desc, publisher, author="", thumb=None):
    auth = f'<span class="kg-bookmark-publisher">{author}</span>' if author else ""
    th = (
        f'<div class="kg-bookmark-thumbnail"><img src="{thumb}" alt="" onerror="this.style.display = \'none\'"></div>'
        if thumb
        else ""
    )
    return (
        f'<figure class="kg-card kg-bookmark-card"><a class="kg-bookmark-container" href="{url}">'
        f'<div class="kg-bookmark-content"><div class="kg-bookmark-title">{title}</div>'
        f'<div class="kg-bookmark-description">{desc}</div><div class="kg-bookmark-metadata">'
        f'<img class="kg-bookmark-icon" src="{url.split("/")[0]}//{url.split("/")[2]}/favicon.ico" alt="">'
        f'<span class="kg-bookmark-author">{publisher}</span>{auth}</div></div>{th}</a></figure>'
    )


def kg_callout(emoji, text, colour="grey"):
    return (
        f'<div class="kg-card kg-callout-card kg-callout-card-{colour}"><div class="kg-callout-emoji">{emoji}</div>'
        f'<div class="kg-callout-text">{text}</div></div>'
    )


def kg_button(text, href="#/portal/signup"):
    return (
        f'<div class="kg-card kg-button-card kg-align-center"><a href="{href}" class="kg-btn kg-btn-accent">'
        f"{text}</a></div>"
    )


def kg_image(name, caption=None, w=2000, h=1333):
    cap = (
        f'<figcaption><span style="white-space: pre-wrap;">{caption}</span></figcaption>'
        if caption
        else ""
    )
    cls = "kg-card kg-image-card kg-card-hascaption" if caption else "kg-card kg-image-card"
    return (
        f'<figure class="{cls}"><img src="{GH_IMG}/03/{name}" class="kg-image" alt="" loading="lazy" width="{w}" '
        f'height="{h}" srcset="{GH_IMG}/03/size/w600/{name} 600w, {GH_IMG}/03/size/w1000/{name} 1000w, '
        f'{GH_IMG}/03/{name} {w}w" sizes="(min-width: 720px) 720px">{cap}</figure>'
    )


def kg_toggle(q, a):
    return (
        '<div class="kg-card kg-toggle-card" data-kg-toggle-state="close"><div class="kg-toggle-heading">'
        f'<h4 class="kg-toggle-heading-text"><span style="white-space: pre-wrap;">{q}</span></h4>'
        '<button class="kg-toggle-card-icon" aria-label="Expand toggle to read content"><svg id="Regular" '
        'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path class="cls-1" d="M23.25,7.311,12.53,18.03a.749'
        '.749,0,0,1-1.06,0L.75,7.311"></path></svg></button></div><div class="kg-toggle-content"><p>'
        f'<span style="white-space: pre-wrap;">{a}</span></p></div></div>'
    )


def gh2(t, hid):
    return f'<h2 id="{hid}">{t}</h2>'


def ghost():
    posts = []
    posts.append(
        Post(
            "This week: the tram depot, a library reprieve and a bridge inspection",
            f"{GH}/tram-depot-library-reprieve/",
            day(2026, 3, 13, 8),
            author="Odile Brennan",
            guid="67d2a1f04c9e3b0001a7c311",
            summary="The council picks a site for the tram depot, Eastgate library stays open, and what the bridge "
            "inspectors found.",
            extra={"categories": ["Weekly"], "image": f"{GH_IMG}/03/tram-depot-header.jpg"},
            blocks=[
                R(
                    f'<img src="{GH_IMG}/03/tram-depot-header.jpg" alt="This week: the tram depot, a library reprieve and '
                    'a bridge inspection">'
                ),
                C(
                    "You’re reading the free edition of the Ledger",
                    kg_callout(
                        "💡",
                        "You’re reading the free edition of the Ledger. Members get the council agenda digest every "
                        'Monday. <a href="#/portal/signup">Join for £5 a month</a>.',
                        "blue",
                    ),
                ),
                R(
                    "<p>Morning, Brackwater. A busy week at the Guildhall, and some good news for once.</p>"
                ),
                S(
                    "The tram depot goes to Saltings Yard",
                    gh2(
                        "The tram depot goes to Saltings Yard",
                        "the-tram-depot-goes-to-saltings-yard",
                    )
                    + "<p>The transport committee voted 7–2 on Tuesday to build the new tram depot on the old goods yard at "
                    "Saltings, rejecting the rival site by the ring road. The depot will house the fourteen trams "
                    "ordered for the Eastgate line and employ about 120 people when it opens in 2029.</p><p>Residents on "
                    "Cooper Street, which backs onto the yard, have asked for a noise wall and night-time limits on "
                    "test running. Officers say both will be conditions of the planning permission.</p>"
                    + kg_bookmark(
                        "https://brackwater.gov.example/committees/transport/2026-03-10",
                        "Transport committee, 10 March 2026: papers and minutes",
                        "Agenda item 6: Eastgate line depot site selection.",
                        "Brackwater City Council",
                    ),
                ),
                R("<hr>"),
                S(
                    "Eastgate library gets a two-year reprieve",
                    gh2(
                        "Eastgate library gets a two-year reprieve",
                        "eastgate-library-gets-a-two-year-reprieve",
                    )
                    + kg_image(
                        "eastgate-library.jpg", "Eastgate library, built 1911. Photo: Odile Brennan"
                    )
                    + "<p>Eastgate library, one of three branches on the closure list, will stay open until at least "
                    "2028. A local housing association has agreed to pay for its heating and repairs in return for "
                    "using the upstairs reading room for tenant advice sessions.</p><p>The other two branches, Highfield "
                    "and Marsh Lane, close in June. Their book stock goes to Eastgate and the central library.</p>",
                ),
                R("<hr>"),
                S(
                    "What the inspectors found under Tollgate Bridge",
                    gh2(
                        "What the inspectors found under Tollgate Bridge",
                        "what-the-inspectors-found-under-tollgate-bridge",
                    )
                    + "<p>The full inspection report on Tollgate Bridge, which has had a weight limit since November, is "
                    "out. The good news: the cast-iron arches are sound. The bad news: the deck bearings on the north "
                    "span have seized, and the cheapest fix means closing the bridge to traffic for about five "
                    "months.</p>"
                    + kg_callout(
                        "🚲",
                        "Pedestrians and cyclists will keep a one-lane route across the bridge during the "
                        "works, according to the report.",
                    )
                    + "<p>No dates yet. The council says it will not close Tollgate while the Harbour Road roadworks are "
                    "still on, which pushes the job into 2027 at the earliest.</p>",
                ),
                R("<hr>"),
                S(
                    "A correction",
                    gh2("A correction", "a-correction")
                    + "<p>Last week we said the Saturday market moves to Guild Square in May. It moves in June. Sorry, "
                    "stallholders.</p>",
                ),
                R("<hr>"),
                S(
                    "Further reading",
                    gh2("Further reading", "further-reading")
                    + kg_bookmark(
                        "https://brackwaterhistory.example.org/trams-1931",
                        "When Brackwater ripped up its trams",
                        "The 1931 decision, and who regretted it.",
                        "Brackwater History Society",
                        "Ada Lumley",
                        f"{GH_IMG}/03/trams-1931.jpg",
                    )
                    + kg_bookmark(
                        "https://northshorepost.example.com/libraries-2026",
                        "Four cities that kept their libraries open",
                        "What Wexley, Carn and two others did differently.",
                        "North Shore Post",
                        "Femi Oduya",
                    ),
                ),
                C("Subscribe", kg_button("Subscribe")),
                C(
                    "Forwarded this email",
                    '<p><em>Forwarded this email? <a href="#/portal/signup">Sign up for free</a> '
                    "to get the Ledger every Friday.</em></p>",
                    alts=("Sign up for free",),
                ),
            ],
        )
    )

    posts.append(
        Post(
            "This week: the budget, the bins and your questions",
            f"{GH}/budget-bins-questions/",
            day(2026, 3, 20, 8),
            author="Odile Brennan",
            guid="67dc0e2a4c9e3b0001a7c3f8",
            summary="A 4.9% council tax rise, fortnightly bins in the west, and answers to your budget questions.",
            extra={"categories": ["Weekly"], "image": f"{GH_IMG}/03/budget-header.jpg"},
            blocks=[
                R(
                    f'<img src="{GH_IMG}/03/budget-header.jpg" alt="This week: the budget, the bins and your questions">'
                ),
                R("<p>Budget week. Pour yourself something strong.</p>"),
                S(
                    "Council tax goes up 4.9%",
                    gh2("Council tax goes up 4.9%", "council-tax-goes-up-49")
                    + "<p>Full council approved the 2026–27 budget on Wednesday night after a four-hour meeting. Council "
                    "tax on a Band D home rises by £94 a year, the maximum allowed without a referendum. Most of the new "
                    "money goes to adult social care, which now takes 41p of every pound the council spends.</p><p>The "
                    "opposition amendment, which would have funded free swimming for under-12s by cutting the events "
                    "budget, was defeated by six votes.</p>",
                ),
                R("<hr>"),
                S(
                    "Fortnightly bins come to the west side",
                    gh2(
                        "Fortnightly bins come to the west side",
                        "fortnightly-bins-come-to-the-west-side",
                    )
                    + "<p>From July, general waste in Westmoor, Ferrybridge and Hollins will be collected every two weeks "
                    "instead of every week. Food waste collections stay weekly and the council is handing out 6,000 new "
                    "caddies.</p><ul><li>Recycling: still fortnightly, alternate weeks.</li><li>Garden waste: "
                    "unchanged, £48 a year.</li><li>Bigger bins for households of six or more, on request.</li></ul>",
                ),
                R("<hr>"),
                S(
                    "Your budget questions, answered",
                    gh2("Your budget questions, answered", "your-budget-questions-answered")
                    + "<p>We asked for your questions and got 63 of them. Here are the four that came up most.</p>"
                    + kg_toggle(
                        "Why can’t the council just sell some buildings?",
                        "It does, every year, but sale money "
                        "can only be spent on new buildings and roads, not on running services.",
                    )
                    + kg_toggle(
                        "Is the tram paying for this?",
                        "No. The tram is funded by a government grant that cannot "
                        "be moved to other services.",
                    )
                    + kg_toggle(
                        "What happens to the events budget?",
                        "It was cut by a third, to £210,000. The Lantern "
                        "Parade survives; the summer beach fair does not.",
                    )
                    + kg_toggle(
                        "Will there be a referendum?",
                        "Not this year. A rise above 4.99% would trigger one.",
                    ),
                ),
                R("<hr>"),
                C(
                    "Enjoying the Ledger? Members keep it free for everyone",
                    kg_callout(
                        "❤️",
                        "<b>Enjoying the Ledger?</b> Members keep it free for everyone.",
                        "accent",
                    )
                    + kg_button("Become a member", "#/portal/signup/paid"),
                ),
                S(
                    "Out and about",
                    gh2("Out and about", "out-and-about")
                    + "<ul><li>Sat 21: Spring clean-up on the Saltings foreshore, 10am, gloves provided.</li><li>Tue 24: "
                    "Planning drop-in on the Cooper Street noise wall, Guildhall, 4–7pm.</li><li>Thu 26: Eastgate "
                    "library quiz night, teams of four, £2 a head.</li></ul>",
                ),
                C("Subscribe", kg_button("Subscribe")),
            ],
        )
    )

    posts.append(
        Post(
            "Why Brackwater keeps building the wrong car parks",
            f"{GH}/why-brackwater-keeps-building-the-wrong-car-parks/",
            day(2026, 3, 27, 8),
            author="Odile Brennan",
            guid="67e5519b4c9e3b0001a7c46d",
            whole=True,
            summary="Four multi-storeys in twenty years, and not one of them full. An essay on how a city decides.",
            extra={"categories": ["Essays"], "image": f"{GH_IMG}/03/car-park.jpg"},
            blocks=[
                R(
                    f'<img src="{GH_IMG}/03/car-park.jpg" alt="Why Brackwater keeps building the wrong car parks">'
                    "<p>Since 2006 Brackwater has built four multi-storey car parks. On an ordinary Saturday, the busiest "
                    "of them is two-thirds full; the emptiest rarely passes a third. Each was justified by a study, "
                    "approved by a committee and opened with a ribbon. This essay tries to explain how a city can make "
                    "the same expensive mistake four times, and I think the answer comes in four parts.</p>"
                    + gh2("The forecast that never changes", "the-forecast-that-never-changes")
                    + "<p>Every one of the four business cases used the same traffic model, built in 2004 and updated "
                    "only for population. It assumes that the share of shoppers who drive into the centre stays where it "
                    "was in 2004, about 58%. The real figure, from the council’s own footfall counts, is now below 40%.</p>"
                    "<p>A model that never learns will keep predicting the same shortage, and so the first part of the "
                    "answer is simply that nobody was paid to check it.</p>"
                    + gh2("Who pays, and who gains", "who-pays-and-who-gains")
                    + "<p>The second part is money. The car parks were built with borrowing repaid from parking charges, "
                    "which made them look self-financing on paper. When the charges fell short, the gap was quietly paid "
                    "from the general fund. The people who proposed each scheme were, by then, working on the next "
                    "one.</p>"
                    + kg_callout(
                        "📎",
                        "The council’s own 2024 audit put the accumulated shortfall at £6.2 million.",
                    )
                    + gh2("The retailers in the room", "the-retailers-in-the-room")
                    + "<p>The third part is who gets consulted. Each study asked the town-centre traders’ association what "
                    "it wanted, and each time it asked for more parking. That is not a conspiracy; shopkeepers "
                    "consistently overestimate how many of their customers arrive by car, in Brackwater as in every city "
                    "where anyone has checked. But the forecast from the first part was never tested against them.</p>"
                    + gh2(
                        "What a different process would look like",
                        "what-a-different-process-would-look-like",
                    )
                    + "<p>Put the three together and the pattern is clear: an old model, a financing trick that hides the "
                    "cost, and one loud voice in the consultation. A better process would fix each in turn: update the "
                    "model against real counts every five years, show the subsidy as a subsidy, and survey the shoppers "
                    "rather than the shops.</p>"
                    + "<hr><p>None of this means Brackwater needs no parking. It means that the fifth car park, now being "
                    "proposed for the Saltings, should be decided on numbers from this decade. If the council will not "
                    "update its forecast before it votes, it will be building the wrong car park for a fifth time, and we "
                    "will all be paying for it until 2060.</p>"
                    + kg_button("Subscribe to the Ledger")
                )
            ],
        )
    )

    write(
        "ghost",
        rss_encoded(
            "The Brackwater Ledger",
            GH,
            "Independent local news for Brackwater, every Friday.",
            "Ghost 5.112",
            posts,
            media=True,
            image=GH + "/favicon.png",
        ),
        posts,
    )


# ================================================================ 4. Cooperpress-style link newsletters

CP = "https://frontendalmanac.example.com"
CP_P = "style=\"font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5em;color:#333;margin:0 0 6px 0;\""


def cp_link(n):
    return f"{CP}/link/{n}/web"


def cp_item(n, title, desc, name, lead=False, sponsor=False, tag=None, img=None):
    size = "21px" if lead else "17px"
    im = (
        f'<a href="{cp_link(n)}"><img src="https://res.cloudinary.com/cpress/image/upload/w_1280,e_sharpen:60/{img}" '
        'width="640" style="display:block;max-width:100%;margin-bottom:10px;" alt=""></a>'
        if img
        else ""
    )
    sp = (
        ' <span class="tag-sponsor" style="font-size:11px;text-transform:uppercase;color:#993;border:1px solid #cc8;'
        'padding:1px 3px;">sponsor</span>'
        if sponsor
        else ""
    )
    tg = (
        f' <span class="tag tag-{tag.lower()}" style="font-size:11px;text-transform:uppercase;color:#fff;'
        f'background-color:#5a5;padding:1px 3px;">{tag}</span>'
        if tag
        else ""
    )
    return (
        '<table border="0" cellpadding="0" cellspacing="0" width="100%" class="el-item item  " style="margin-bottom:'
        '12px;"><tr><td class="" align="left" style="padding:0 15px;">'
        + im
        + f'<p class="desc" {CP_P}><span class="mainlink"><a href="{cp_link(n)}" style="color:#1a5db3;font-weight:600;'
        f'font-size:{size};text-decoration:none;">{title}</a></span>{tg} &mdash; {desc}</p>'
        f'<p class="name" style="font-size:13px;color:#888;margin:0;">{name}{sp}</p></td></tr></table>'
    )


def cp_heading(t):
    return (
        '<table border="0" cellpadding="0" cellspacing="0" width="100%" class="el-heading"><tr><td align="left" '
        'style="padding:20px 15px 8px 15px;"><p style="font-size:13px;font-weight:700;letter-spacing:1px;'
        f'text-transform:uppercase;color:#999;border-bottom:1px solid #ddd;">{t}</p></td></tr></table>'
    )


def cp_content(inner):
    return (
        '<table border="0" cellpadding="0" cellspacing="0" width="100%" class="el-content"><tr><td align="left" '
        f'style="padding:0 15px;">{inner}</td></tr></table>'
    )


def cp_masthead(num, date):
    return (
        '<table border="0" cellpadding="0" cellspacing="0" width="100%" class="el-masthead"><tr><td align="left" '
        f'style="padding:10px 15px;"><p style="font-size:12px;color:#999;">#{num} &mdash; {date}</p></td><td '
        f'align="right"><p style="font-size:12px;"><a href="{CP}/issues/{num}">Read on the Web</a></p></td></tr>'
        '<tr><td colspan="2" align="center"><a href="'
        + CP
        + '"><img src="https://res.cloudinary.com/cpress/image/'
        'upload/frontend-almanac-logo.png" width="360" alt="Frontend Almanac"></a></td></tr></table>'
    )


def cp_footer():
    return (
        '<table border="0" cellpadding="0" cellspacing="0" width="100%" class="el-footer"><tr><td align="center" '
        'style="padding:25px 15px;font-size:12px;color:#999;"><p>You are receiving this because you subscribed to '
        'Frontend Almanac.<br><a href="'
        + CP
        + '/unsubscribe">Unsubscribe</a> : <a href="'
        + CP
        + '/change">Change '
        'email address</a> : <a href="'
        + CP
        + '/">Read on the Web</a></p><p>Published by Wharfside Media Ltd., '
        "12 Chandlery Row, Bristol BS1 4QX, UK</p></td></tr></table>"
    )


def py_item(n, title, desc, source):
    return (
        f'<p style="font-size:15px;line-height:1.5;margin:0 0 16px 0;"><a href="{cp_link(n)}" style="color:#2b6cb0;'
        f'text-decoration:none;"><strong>{title}</strong></a><br>{desc}<br><span style="font-size:12px;color:#888;">'
        f"{source}</span></p>"
    )


def cooperpress():
    posts = []
    posts.append(
        Post(
            "Frontend Almanac #218: Signals land in three frameworks",
            f"{CP}/issues/218",
            day(2026, 3, 10, 15),
            blocks=[
                C(
                    "Read on the Web",
                    cp_masthead(218, "March 10, 2026"),
                    alts=("#218 — March 10, 2026",),
                ),
                C(
                    "This week's issue sponsored by Stackhold",
                    cp_content(
                        f'<p {CP_P}>This week\'s issue sponsored by <a href="{cp_link(1)}">Stackhold</a></p>'
                    ),
                ),
                S(
                    "Signals Are Now in Three Major Frameworks. What Changes?",
                    cp_item(
                        2,
                        "Signals Are Now in Three Major Frameworks. What Changes?",
                        "With Vireo 4 shipping fine-grained signals this week, Corvid, Vireo and Lumen now share the "
                        "same reactivity model. Hana Sato compares how each exposes it, what happens to existing "
                        "stores, and where the subtle differences in batching and effect timing will bite you when "
                        "you port components between them. There's a helpful table at the end.",
                        "Hana Sato",
                        lead=True,
                        img="signals-lead.png",
                    ),
                ),
                S(
                    "The Quiet Death of the Bundler Config File",
                    cp_item(
                        3,
                        "The Quiet Death of the Bundler Config File",
                        "Most new projects in 2026 ship with zero bundler configuration. A look at which defaults made "
                        "that possible and which edge cases still need a config.",
                        "Marek Dvorak",
                    ),
                ),
                C(
                    "Stackhold: Error Tracking That Groups Errors the Way You Would",
                    cp_item(
                        1,
                        "Stackhold: Error Tracking That Groups Errors the Way You Would",
                        "Stackhold clusters stack traces by root cause, not by message text, so one bug is one issue. "
                        "Free for up to 50k events a month.",
                        "Stackhold",
                        sponsor=True,
                    ),
                ),
                C(
                    "📒 Articles, Opinion & Tutorials",
                    cp_heading("📒 Articles, Opinion &amp; Tutorials"),
                    alts=("Articles, Opinion & Tutorials",),
                ),
                S(
                    "Writing a Tiny Virtual DOM in 200 Lines",
                    cp_item(
                        4,
                        "Writing a Tiny Virtual DOM in 200 Lines",
                        "A step-by-step build of a diffing renderer, with keyed lists and event delegation, ending "
                        "with a benchmark against the real thing.",
                        "Priya Natarajan",
                        tag="Tutorial",
                    ),
                ),
                S(
                    "Why Your Date Picker Is Wrong in Samoa",
                    cp_item(
                        5,
                        "Why Your Date Picker Is Wrong in Samoa",
                        "Time zones that skipped a whole day, the new Temporal API, and a checklist for date inputs "
                        "that never lose a day.",
                        "Tomasz Wilk",
                    ),
                ),
                S(
                    "How We Cut Our Hydration Cost by 60%",
                    cp_item(
                        6,
                        "How We Cut Our Hydration Cost by 60%",
                        "The engineering team at a large (fictional) travel site on islands, lazy listeners and the "
                        "one component that was responsible for most of the main-thread time.",
                        "Juniper Travel Engineering",
                    ),
                ),
                S(
                    "IN BRIEF",
                    cp_content(
                        f"<p {CP_P}><strong>IN BRIEF:</strong></p>"
                        '<ul style="font-size:15px;line-height:1.5;">'
                        '<li><p>🌐 The <a href="'
                        + cp_link(7)
                        + '">Popover Anchor spec</a> reaches candidate '
                        "recommendation.</p></li>"
                        '<li><p>The <a href="'
                        + cp_link(8)
                        + '">2025 State of Frontend survey</a> results are out: '
                        "TypeScript usage is now 91%.</p></li>"
                        "<li><p>Corvid's core team <a href=\""
                        + cp_link(9)
                        + '">explains its new release '
                        "cadence</a>.</p></li></ul>"
                    ),
                ),
                C("🛠 Code & Tools", cp_heading("🛠 Code &amp; Tools"), alts=("Code & Tools",)),
                S(
                    "Petalgrid: A Tiny, Accessible Data Grid",
                    cp_item(
                        10,
                        "Petalgrid: A Tiny, Accessible Data Grid",
                        "Virtualised rows, keyboard navigation and screen-reader support in 9KB. Framework-agnostic "
                        "with adapters for Corvid and Lumen.",
                        "Noor Haddad",
                    ),
                ),
                S(
                    "tzcheck: Lint Your Code for Time Zone Bugs",
                    cp_item(
                        11,
                        "tzcheck: Lint Your Code for Time Zone Bugs",
                        "Flags naive date arithmetic and suggests Temporal equivalents.",
                        "Ollie Brandt",
                    ),
                ),
                S(
                    "Releases",
                    cp_content(
                        f'<p {CP_P}><strong>📢 Releases</strong></p><ul style="font-size:15px;line-height:1.5;">'
                        f'<li><p><a href="{cp_link(12)}">Vireo 4.0</a> &ndash; Signals, and a new compiler.</p></li>'
                        f'<li><p><a href="{cp_link(13)}">Quarry 2.3</a> &ndash; Faster test runner watch mode.'
                        "</p></li>"
                        f'<li><p><a href="{cp_link(14)}">Pinecone CSS 1.8</a></p></li>'
                        f'<li><p><a href="{cp_link(15)}">Lumen 6.1</a> &ndash; Streaming SSR is now stable.</p></li>'
                        "</ul>"
                    ),
                ),
                C("💼 Jobs", cp_heading("💼 Jobs"), alts=("Jobs",)),
                C(
                    "Senior Frontend Engineer (Remote, EU)",
                    cp_item(
                        16,
                        "Senior Frontend Engineer (Remote, EU)",
                        "Help us build the design system used by 400 engineers. Corvid + TypeScript.",
                        "Kelpie Labs",
                    ),
                ),
                C(
                    "Find Frontend Jobs Through Hirelane",
                    cp_item(
                        17,
                        "Find Frontend Jobs Through Hirelane",
                        "Create a profile once and let companies apply to you.",
                        "Hirelane",
                    ),
                ),
                C(
                    "See you next week",
                    cp_content(f"<p {CP_P}>See you next week! &ndash; Dana Flint, editor</p>"),
                ),
                C(
                    "You are receiving this because you subscribed to Frontend Almanac",
                    cp_footer(),
                    alts=("Published by Wharfside Media Ltd",),
                ),
            ],
        )
    )

    posts.append(
        Post(
            "Frontend Almanac #219: The end of the polyfill era?",
            f"{CP}/issues/219",
            day(2026, 3, 17, 15),
            blocks=[
                C(
                    "Read on the Web",
                    cp_masthead(219, "March 17, 2026"),
                    alts=("#219 — March 17, 2026",),
                ),
                S(
                    "Is This the End of the Polyfill Era?",
                    cp_content(
                        '<h1 style="font-size:22px;margin:10px 0;"><a href="'
                        + cp_link(20)
                        + '" style="color:#1a5db3;'
                        'text-decoration:none;"><strong>Is This the End of the Polyfill Era?</strong></a></h1>'
                    )
                    + cp_content(
                        f"<p {CP_P}>Every browser on the Baseline list now supports every feature that the most "
                        "popular polyfill bundle still ships. Ruth Adeyemi measured what removing it saves on 1,000 "
                        "real sites (a median of 38KB) and what breaks (almost nothing, but the exceptions are "
                        "instructive). She also covers how to find the polyfills your build is adding without "
                        f'telling you.</p><p class="name" style="font-size:13px;color:#888;">Ruth Adeyemi</p>'
                    ),
                ),
                C("Articles and Tutorials", cp_heading("Articles and Tutorials")),
                S(
                    "A Practical Guide to View Transitions Across Pages",
                    cp_content(
                        py_item(
                            21,
                            "A Practical Guide to View Transitions Across Pages",
                            "Cross-document view transitions work in two browsers now. Here is how to use them "
                            "without making your site feel slower on the third.",
                            "lenamarsh.example.dev",
                        )
                    ),
                ),
                S(
                    "What I Learned Rewriting Our Editor in Web Components",
                    cp_content(
                        py_item(
                            22,
                            "What I Learned Rewriting Our Editor in Web Components",
                            "A year-long migration away from a framework, the parts that were easier than "
                            "expected, and the form-associated custom elements that were not.",
                            "Keisuke Mori",
                        )
                    ),
                ),
                S(
                    "CSS Anchor Positioning, Explained With Tooltips",
                    cp_content(
                        py_item(
                            23,
                            "CSS Anchor Positioning, Explained With Tooltips",
                            "Six tooltip patterns, none needing JavaScript for placement.",
                            "Ines Duarte",
                        )
                    ),
                ),
                C(
                    "Ship Previews on Every Pull Request With Driftdeploy",
                    cp_content(
                        py_item(
                            24,
                            "Ship Previews on Every Pull Request With Driftdeploy",
                            "Preview environments in 40 seconds, with seeded databases. Try it free for 30 "
                            "days.",
                            "Driftdeploy (sponsor)",
                        )
                    ),
                    alts=("Driftdeploy (sponsor)",),
                ),
                C(
                    "Interesting Projects, Tools and Libraries",
                    cp_heading("Interesting Projects, Tools and Libraries"),
                ),
                S(
                    "Fernweh: Offline-First Sync for IndexedDB",
                    cp_content(
                        py_item(
                            25,
                            "Fernweh: Offline-First Sync for IndexedDB",
                            "Conflict-free replicated storage that syncs to any HTTP backend when you are back "
                            "online. Early, but promising.",
                            "github.com/fernweh-sync",
                        )
                    ),
                ),
                S(
                    "Mosaic Icons 3",
                    cp_content(
                        py_item(
                            26,
                            "Mosaic Icons 3",
                            "1,900 open source icons, now with variable stroke width.",
                            "mosaicicons.example",
                        )
                    ),
                ),
                S(
                    "Releases",
                    cp_content(
                        f"<p {CP_P}><strong>📢 Releases</strong></p><p {CP_P}>"
                        f'<a href="{cp_link(27)}">Corvid 9.2</a> &middot; <a href="{cp_link(28)}">Quarry 2.4</a> '
                        f'&middot; <a href="{cp_link(29)}">Tidewrap 0.14</a> &middot; <a href="{cp_link(30)}">'
                        "Heron Router 5.0</a></p>"
                    ),
                ),
                S(
                    "In Brief",
                    cp_content(
                        f'<p {CP_P}><strong>In Brief</strong></p><ul style="font-size:15px;line-height:1.5;">'
                        f'<li>A new <a href="{cp_link(31)}">accessibility audit</a> of the top 100 design '
                        "systems.</li>"
                        f'<li>The <a href="{cp_link(32)}">FrontConf 2026</a> call for papers closes on Friday.</li>'
                        "</ul>"
                    ),
                ),
                C("Jobs", cp_heading("Jobs")),
                C(
                    "Frontend Developer at Larkmoor Health (Leeds or Remote, UK)",
                    cp_content(
                        py_item(
                            33,
                            "Frontend Developer at Larkmoor Health (Leeds or Remote, UK)",
                            "Build the patient app used by 2 million people. Lumen, TypeScript, Playwright.",
                            "Larkmoor Health",
                        )
                    ),
                ),
                C(
                    "You are receiving this because you subscribed to Frontend Almanac",
                    cp_footer(),
                    alts=("Published by Wharfside Media Ltd",),
                ),
            ],
        )
    )

    write(
        "cooperpress",
        rss_escaped(
            "Frontend Almanac",
            CP,
            "A weekly roundup of frontend news, articles and tools.",
            posts,
            self_link=CP + "/rss",
        ),
        posts,
    )


# ================================================================ 5. Axios "Smart Brevity" style

AX = "https://amberlyam.example.com"


def ax_label(t):
    return (
        '<p class="story-label" style="font-family:Arial,sans-serif;font-size:12px;font-weight:700;'
        f'letter-spacing:0.1em;text-transform:uppercase;color:#6F6F6F;margin:24px 0 4px 0;">{t}</p>'
    )


def ax_h(t):
    return f'<h2 style="font-family:Georgia,serif;font-size:26px;line-height:1.2;color:#111;margin:0 0 12px 0;">{t}</h2>'


def ax_p(t):
    return f'<p style="font-family:Georgia,serif;font-size:17px;line-height:1.5;color:#333;margin:0 0 14px 0;">{t}</p>'


def ax_ul(items):
    return (
        '<ul style="font-family:Georgia,serif;font-size:17px;line-height:1.5;color:#333;">'
        + "".join(f"<li>{i}</li>" for i in items)
        + "</ul>"
    )


def ax_img(name, caption):
    return (
        f'<div class="story-image"><img src="https://images.amberlyam.example.com/{name}" width="600" alt="" '
        f'style="width:100%;height:auto;"><p style="font-size:13px;color:#777;">{caption}</p></div>'
    )


def ax_story(inner):
    return f'<table class="story" width="100%" cellpadding="0" cellspacing="0"><tr><td>{inner}</td></tr></table>'


AX_DIV = '<hr style="border:0;border-top:1px solid #DDD;margin:28px 0;">'


def ax_footer():
    return (
        '<table class="footer" width="100%"><tr><td style="font-size:12px;color:#777;text-align:center;">'
        "<p>Amberly AM is written by Rhea Lund and Caleb Ortiz and edited by Mona Ferris.</p><p>You received this "
        'email because you signed up for newsletters from Amberly AM. <a href="'
        + AX
        + '/preferences">Change '
        'your preferences</a> or <a href="'
        + AX
        + '/unsubscribe">unsubscribe</a>.</p><p>Amberly AM, 410 Front '
        "Street, Port Amberly, OR 97999</p></td></tr></table>"
    )


def axios():
    posts = []
    posts.append(
        Post(
            "Amberly AM: The ferry's $90 million question",
            f"{AX}/newsletters/2026/04/14/ferry-90-million-question",
            day(2026, 4, 14, 11),
            author="Rhea Lund",
            blocks=[
                C(
                    "Smart Brevity™ count: 1,046 words … 4 mins",
                    ax_p(
                        "<strong>Smart Brevity™ count:</strong> 1,046 words "
                        "… 4 mins. Edited by Mona Ferris."
                    ),
                    alts=("Smart Brevity™ count",),
                ),
                R(
                    ax_p(
                        "Good morning! Tuesday is here. ☔ <strong>Today's weather:</strong> Showers, clearing by the "
                        "evening commute. High of 54."
                    )
                ),
                R(AX_DIV),
                C("Transit", ax_label("Transit")),
                S(
                    "1 big thing: The ferry's $90 million question",
                    ax_story(
                        ax_h("1 big thing: The ferry's $90 million question")
                        + ax_p(
                            "The Port Amberly passenger ferry needs two new boats by 2030, and nobody has said who "
                            "is paying for them, <em>Amberly AM's</em> Caleb Ortiz reports."
                        )
                        + ax_p(
                            "<strong>Why it matters:</strong> The ferry carries about 4,100 riders a day between "
                            "downtown and Cedar Point, and both of its boats are past their design life."
                        )
                        + ax_p(
                            "<strong>Driving the news:</strong> A consultant's report delivered to the port "
                            "commission on Monday put the cost of two hybrid-electric boats and a new charging "
                            "dock at $90 million."
                        )
                        + ax_ul(
                            [
                                "The state's marine grant program has $30 million a year for the whole state.",
                                "The port's own capital budget is about $12 million a year.",
                            ]
                        )
                        + ax_p(
                            "<strong>The big picture:</strong> Ferries up and down the coast are in the same "
                            "position, competing for the same small pot of money."
                        )
                        + ax_p(
                            "<strong>What's next:</strong> Commissioners will discuss a funding plan on May 6, "
                            "including a possible fare increase of 50 cents."
                        )
                        + ax_p(
                            '<a href="https://amberlyam.example.com/2026/04/13/ferry-report"><strong>Go deeper'
                            "</strong></a>: Read the full consultant's report"
                        )
                    ),
                ),
                R(AX_DIV),
                C("City Hall", ax_label("City Hall")),
                S(
                    "Council pushes back the budget vote",
                    ax_story(
                        ax_h("2. Council pushes back the budget vote")
                        + ax_p(
                            "The City Council delayed its budget vote by two weeks on Monday after members could "
                            "not agree on how to close a $7.3 million gap."
                        )
                        + ax_p(
                            "<strong>State of play:</strong> The mayor's draft cuts library hours and freezes 40 "
                            "vacant jobs. Three council members want to use reserves instead."
                        )
                        + ax_p(
                            "<strong>Yes, but:</strong> The city's reserves are already below the level its own "
                            "policy requires, finance director Ana Whitcombe told the council."
                        )
                    ),
                ),
                R(AX_DIV),
                C(
                    "A message from Ridgeway Health",
                    ax_story(
                        ax_label("A message from Ridgeway Health")
                        + ax_h("Same-day appointments, now in Port Amberly")
                        + ax_p(
                            "Ridgeway Health's new Front Street clinic sees walk-in patients from 7am to 9pm, seven "
                            'days a week. <a href="https://ridgeway.example.com">Book online</a>.'
                        )
                    ),
                    alts=("Same-day appointments, now in Port Amberly",),
                ),
                R(AX_DIV),
                S(
                    "The noodle shop that took over Pike Street",
                    ax_story(
                        ax_h("3. 🍜 The noodle shop that took over Pike Street")
                        + ax_img(
                            "pike-noodles.jpg",
                            "The line outside Sato Noodle Bar on Saturday. Photo: Caleb "
                            "Ortiz/Amberly AM",
                        )
                        + ax_p(
                            "Sato Noodle Bar opened six weeks ago in a former bank on Pike Street, and the line "
                            "has not gone away."
                        )
                        + ax_p(
                            "<strong>Zoom in:</strong> Owner Kenji Sato makes about 600 portions of noodles a day "
                            "by hand and stops serving when they run out, usually around 8pm."
                        )
                        + ax_p("<strong>Pro tip:</strong> Go at 3pm on a weekday.")
                    ),
                ),
                R(AX_DIV),
                S(
                    "The Pulse",
                    ax_story(
                        ax_h("4. The Pulse")
                        + ax_ul(
                            [
                                "Cedar Point Elementary gets a new principal, Dolores Baptiste, in August. "
                                '(<a href="https://example.com/a">Amberly Courier</a>)',
                                'The Marsh Road bridge reopens Thursday after repairs. (<a href="https://example.com/b'
                                '">City of Port Amberly</a>)',
                                "Harbor Brewing won gold at a regional beer festival for its smoked porter.",
                            ]
                        )
                    ),
                ),
                R(AX_DIV),
                S(
                    "1 fun thing: a cherry tree census",
                    ax_story(
                        ax_h("5. 🌸 1 fun thing: a cherry tree census")
                        + ax_p(
                            "Volunteers counted 1,212 flowering cherry trees in Port Amberly last weekend, up from "
                            "980 in 2021. The oldest, on Hill Street, was planted in 1937."
                        )
                    ),
                ),
                R(AX_DIV),
                C(
                    "Thanks for reading",
                    ax_p(
                        "📬 <strong>Thanks for reading!</strong> Forward this to a friend who should "
                        'be reading Amberly AM. They can sign up <a href="' + AX + '/signup">here'
                        "</a>."
                    ),
                ),
                C(
                    "You received this email because you signed up for newsletters from Amberly AM",
                    ax_footer(),
                    alts=("Amberly AM is written by Rhea Lund and Caleb Ortiz",),
                ),
            ],
        )
    )

    posts.append(
        Post(
            "Amberly AM: Harbor Brewing is moving",
            f"{AX}/newsletters/2026/04/15/harbor-brewing-moving",
            day(2026, 4, 15, 11),
            author="Caleb Ortiz",
            blocks=[
                C(
                    "Smart Brevity™ count: 912 words … 3½ mins",
                    ax_p(
                        "<strong>Smart Brevity™ count:</strong> 912 words "
                        "… 3½ mins. Edited by Mona Ferris."
                    ),
                    alts=("Smart Brevity™ count",),
                ),
                R(
                    ax_p(
                        "Hello, Wednesday. 🌤 <strong>Today's weather:</strong> Partly sunny, high of 61."
                    )
                ),
                R(AX_DIV),
                C("Business", ax_label("Business")),
                S(
                    "1 big thing: Scoop: Harbor Brewing is leaving the waterfront",
                    ax_story(
                        ax_h("1 big thing: Scoop: Harbor Brewing is leaving the waterfront")
                        + ax_p(
                            "Harbor Brewing, the city's oldest craft brewery, will move its production out of the "
                            "waterfront warehouse it has used since 2009, co-owner Lila Brandt tells <em>Amberly "
                            "AM</em>."
                        )
                        + ax_p(
                            "<strong>Why it matters:</strong> The brewery is one of the last working businesses "
                            "on a waterfront that is quickly turning into apartments."
                        )
                        + ax_p(
                            "<strong>Details:</strong> Brewing moves to a former lumber yard in the Eastside "
                            "industrial park this fall. The taproom stays on the waterfront, for now."
                        )
                        + ax_ul(
                            [
                                "The warehouse lease ends in 2027 and the new owner wants to double the rent.",
                                "The new site has room to triple production, Brandt says.",
                            ]
                        )
                        + ax_p(
                            "<strong>Between the lines:</strong> The waterfront's zoning still allows light "
                            "industry, but rents no longer do."
                        )
                        + ax_p(
                            '<strong>Go deeper:</strong> <a href="https://amberlyam.example.com/2025/waterfront">'
                            "How the waterfront changed in five years</a>"
                        )
                    ),
                ),
                R(AX_DIV),
                C("Schools", ax_label("Schools")),
                S(
                    "A four-day week is off the table",
                    ax_story(
                        ax_h("2. A four-day week is off the table")
                        + ax_p(
                            "The Port Amberly school board voted 5-2 on Tuesday night against moving to a "
                            "four-day school week, ending a year of debate."
                        )
                        + ax_p(
                            "<strong>Catch up quick:</strong> Supporters said it would help recruit teachers. "
                            "Parents' groups said it would leave working families scrambling for Friday "
                            "childcare."
                        )
                        + ax_p(
                            '<strong>What they\'re saying:</strong> "We heard the parents loud and clear," said '
                            "board chair Marcus Oyelaran."
                        )
                    ),
                ),
                R(AX_DIV),
                C(
                    "A message from Ridgeway Health",
                    ax_story(
                        ax_label("A message from Ridgeway Health")
                        + ax_h("Skip the ER for a sprained ankle")
                        + ax_p(
                            "Ridgeway's Front Street clinic treats minor injuries in under an hour, on average. "
                            '<a href="https://ridgeway.example.com">See wait times</a>.'
                        )
                    ),
                    alts=("Skip the ER for a sprained ankle",),
                ),
                R(AX_DIV),
                S(
                    "Where to see the lunar eclipse",
                    ax_story(
                        ax_h("3. 🌕 Where to see the lunar eclipse")
                        + ax_p(
                            "A total lunar eclipse is visible from Port Amberly late Friday night, if the clouds "
                            "cooperate."
                        )
                        + ax_p("<strong>When:</strong> Totality runs from 11:26pm to 12:31am.")
                        + ax_p(
                            "<strong>Where:</strong> The Amberly Astronomy Club will set up telescopes at Cedar "
                            "Point Park, away from the downtown lights. It's free."
                        )
                    ),
                ),
                R(AX_DIV),
                C(
                    "Job openings",
                    ax_story(
                        ax_h("4. 💼 Job openings")
                        + ax_p("Here are a few of the jobs on our job board this week.")
                        + ax_ul(
                            [
                                "Harbor pilot at the Port of Amberly.",
                                "Line cook at Sato Noodle Bar.",
                                "Grants manager at the Amberly Arts Council.",
                            ]
                        )
                        + ax_p('<a href="' + AX + '/jobs">See all the jobs</a>')
                    ),
                ),
                R(AX_DIV),
                C(
                    "Thanks for reading",
                    ax_p(
                        "📬 <strong>Thanks for reading!</strong> Tell us what we missed: reply to "
                        "this email."
                    ),
                ),
                C(
                    "You received this email because you signed up for newsletters from Amberly AM",
                    ax_footer(),
                    alts=("Amberly AM is written by Rhea Lund and Caleb Ortiz",),
                ),
            ],
        )
    )

    write(
        "axios",
        rss_encoded(
            "Amberly AM", AX, "Smart, short local news for Port Amberly.", "Amberly AM", posts
        ),
        posts,
    )


# ================================================================ 6. Morning Brew style

MB = "https://www.sunrisebrew.example.com"
MB_TD = 'style="padding:0 32px;font-family:Helvetica,Arial,sans-serif;font-size:16px;line-height:1.6;color:#1b1b1b;"'


def mb_row(inner):
    return f'<tr><td class="content" {MB_TD}>{inner}</td></tr>'


def mb_label(t):
    return mb_row(
        f'<p class="category" style="font-size:12px;font-weight:700;letter-spacing:1.5px;color:#E05D4D;'
        f'margin:28px 0 4px 0;">{t}</p>'
    )


def mb_h(level, t):
    size = "28px" if level == 2 else "22px"
    return mb_row(
        f'<h{level} style="font-family:Georgia,serif;font-size:{size};line-height:1.25;margin:0 0 12px 0;">'
        f"{t}</h{level}>"
    )


def mb_p(t):
    return mb_row(f'<p style="margin:0 0 14px 0;">{t}</p>')


def mb_img(name, caption):
    return mb_row(
        f'<img src="https://cdn.sunrisebrew.example.com/images/{name}" width="536" alt="" style="display:block;'
        f'width:100%;"><p style="font-size:12px;color:#888;margin:4px 0 16px 0;">{caption}</p>'
    )


def mb_ul(items):
    return mb_row(
        '<ul style="margin:0 0 14px 0;padding-left:20px;">'
        + "".join(f'<li style="margin-bottom:8px;">{i}</li>' for i in items)
        + "</ul>"
    )


MB_SPACER = '<tr><td height="24" style="font-size:0;line-height:0;border-bottom:1px solid #EEE;">&nbsp;</td></tr>'


def mb_open():
    return (
        '<table width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#F7F3EE;"><tr><td '
        'align="center"><table class="main" width="600" cellpadding="0" cellspacing="0" border="0" '
        'style="background:#FFFFFF;">'
    )


def mb_masthead(date):
    return (
        '<tr><td align="center" style="padding:24px 0 8px 0;"><img src="https://cdn.sunrisebrew.example.com/logo.png" '
        f'width="220" alt="Sunrise Brew"></td></tr><tr><td align="center" style="font-size:12px;color:#888;">{date}'
        ' | <a href="'
        + MB
        + '/issues/latest">View Online</a> | <a href="'
        + MB
        + '/signup">Sign Up</a></td></tr>'
    )


def mb_ticker(rows, asof):
    cells = "".join(
        f'<tr><td style="padding:4px 8px;font-weight:700;">{n}</td><td style="padding:4px 8px;text-align:right;">{v}</td>'
        f'<td style="padding:4px 8px;text-align:right;color:{"#0A8F3C" if c.startswith("+") else "#D23B3B"};">{c}</td></tr>'
        for n, v, c in rows
    )
    return mb_row(
        '<table class="markets" width="100%" cellpadding="0" cellspacing="0" style="font-size:14px;'
        'border:1px solid #EEE;margin:8px 0;">'
        + cells
        + '</table><p style="font-size:11px;color:#999;">'
        f"*Stock data as of market close, cryptocurrency data as of {asof}.</p>"
    )


def mb_share(code):
    return (
        mb_label("SHARE THE BREW")
        + mb_p(
            "Share Sunrise Brew with your friends and earn rewards when they subscribe. Three referrals get "
            "you the Sunrise Brew sticker sheet."
        )
        + mb_p("<strong>Your referral count: 0</strong>")
        + mb_row(
            f'<a href="{MB}/refer?kid={code}" style="display:inline-block;background:#E05D4D;color:#fff;'
            'padding:12px 24px;border-radius:4px;text-decoration:none;font-weight:700;">Click to Share</a>'
        )
        + mb_p(
            f"Or copy &amp; paste your referral link to others:<br>sunrisebrew.example.com/r/?kid={code}"
        )
    )


def mb_footer():
    return (
        '<tr><td align="center" style="padding:32px;font-size:12px;color:#888;background:#F7F3EE;">'
        "<p>Copyright © 2026 Sunrise Media Co. All rights reserved.<br>88 Wooster Street, New York, NY 10012</p>"
        f'<p><a href="{MB}/advertise">Advertise</a> | <a href="{MB}/manage">Manage your subscriptions</a> | '
        f'<a href="{MB}/unsubscribe">Unsubscribe</a></p></td></tr>'
    )


def morningbrew():
    posts = []
    posts.append(
        Post(
            "☕ Glasses, gone",
            f"{MB}/issues/glasses-gone",
            day(2026, 5, 12, 10, 30),
            author="Jada Okoro",
            summary="Lumio's glasses sell out, dollar stores fill the gaps, and copper has a moment.",
            blocks=[
                R(mb_open()),
                C(
                    "Presented by Fernleaf",
                    mb_row(
                        '<p style="text-align:center;font-size:12px;color:#888;">Presented by '
                        "Fernleaf</p>"
                    ),
                ),
                R(mb_masthead("May 12, 2026")),
                R(
                    mb_p(
                        "Good morning. If you woke up thinking about copper, congratulations: you are a commodities "
                        "trader now, or at least you will be by the end of this newsletter. Elsewhere, the one gadget "
                        "everyone pretended not to want sold out in a day."
                    )
                    + mb_p("— Jada Okoro, Owen Pell")
                ),
                C(
                    "Nasdaq",
                    mb_ticker(
                        [
                            ("Nasdaq", "18,204.51", "+1.12%"),
                            ("S&amp;P", "5,842.07", "+0.64%"),
                            ("Dow", "41,390.18", "+0.21%"),
                            ("10-Year", "4.118%", "-3.2 bps"),
                            ("Bitcoin", "$71,402.90", "-0.85%"),
                            ("Copper", "$5.12/lb", "+4.40%"),
                        ],
                        "5:00am ET",
                    ),
                    alts=("Stock data as of market close",),
                ),
                R(MB_SPACER),
                C("TECH", mb_label("TECH")),
                S(
                    "Lumio’s smart glasses sell out in a day",
                    mb_h(2, "Lumio’s smart glasses sell out in a day")
                    + mb_img("lumio-glasses.jpg", "Lumio")
                    + mb_p(
                        "Lumio, the startup that spent three years insisting its smart glasses were “just glasses,” "
                        "sold its entire first run of 80,000 pairs in under 24 hours yesterday. At $349, the Lumio One "
                        "looks like an ordinary pair of tortoiseshell frames but hides a tiny display in the right lens "
                        "for directions, messages and live captions."
                    )
                    + mb_p(
                        "<strong>Why it sold:</strong> Reviewers loved the captions feature, which transcribes "
                        "conversations in real time. Hearing-loss groups have been among the loudest fans."
                    )
                    + mb_p(
                        "<strong>Why it might not last:</strong> Battery life is about five hours, and the company "
                        "says the second production run will not ship until September. Resellers were already asking "
                        "$900 a pair by last night."
                    ),
                ),
                R(MB_SPACER),
                C("RETAIL", mb_label("RETAIL")),
                S(
                    "Dollar stores are moving in where grocery stores moved out",
                    mb_h(3, "Dollar stores are moving in where grocery stores moved out")
                    + mb_p(
                        "Thriftway Dollar said it will open 600 new stores this year, and nearly a third of them will "
                        "be in towns that have lost a grocery store since 2020. The chain is also adding fridges for "
                        "fresh produce to 2,000 existing locations."
                    )
                    + mb_p(
                        "Critics say dollar stores make it harder for a full grocery to come back; Thriftway says it is "
                        "simply filling a gap that already exists. Either way, in about 400 rural ZIP codes, Thriftway "
                        "is now the closest place to buy a banana."
                    ),
                ),
                R(MB_SPACER),
                C(
                    "Your retirement plan shouldn’t be a guess",
                    mb_label("TOGETHER WITH FERNLEAF")
                    + mb_h(3, "Your retirement plan shouldn’t be a guess")
                    + mb_p(
                        "Fernleaf looks at your accounts, your goals and your actual spending, then builds a plan you "
                        'can change in two taps. No jargon, no minimums. <a href="https://fernleaf.example.com/brew">'
                        "Try Fernleaf free for 30 days</a>."
                    ),
                    alts=("TOGETHER WITH FERNLEAF",),
                ),
                R(MB_SPACER),
                C("MARKETS", mb_label("MARKETS")),
                S(
                    "Why everyone is suddenly talking about copper",
                    mb_h(3, "Why everyone is suddenly talking about copper")
                    + mb_p(
                        "Copper jumped 4.4% yesterday to a record $5.12 a pound after a landslide shut the Cerro Alto "
                        "mine, which produces about 3% of the world’s supply. Traders were already nervous: demand from "
                        "power grids, data centers and EVs has been rising faster than new mines can open."
                    )
                    + mb_ul(
                        [
                            "A typical EV uses about 80 kg of copper, four times a gas car.",
                            "A new mine takes 15 years, on average, from discovery to production.",
                        ]
                    )
                    + mb_p(
                        "Analysts at Halvard Bank now expect a shortage of 400,000 tonnes next year."
                    ),
                ),
                R(MB_SPACER),
                C("SHARE THE BREW", mb_share("c8d1e2f3")),
                R(MB_SPACER),
                S(
                    "WHAT ELSE IS BREWING",
                    mb_label("WHAT ELSE IS BREWING")
                    + mb_ul(
                        [
                            "<strong>Pinecrest Airlines</strong> will charge for carry-on bags on its cheapest fares.",
                            "A judge blocked the merger of two regional hospital chains in Ohio.",
                            "<strong>Tallow &amp; Twine</strong>, the candle company, is going public at a $2 billion "
                            "valuation.",
                            "Streaming service Reelhouse lost 1.2 million subscribers after raising prices.",
                        ]
                    ),
                ),
                R(MB_SPACER),
                O(
                    "GAMES",
                    mb_label("GAMES")
                    + mb_h(3, "Tuesday trivia")
                    + mb_p(
                        "Which metal was the first to be smelted by humans, around 7,000 years ago? Answer at the "
                        "bottom."
                    )
                    + mb_p("Then try today's <a href=\"" + MB + '/mini">Brew Mini</a> crossword.'),
                    alts=("Tuesday trivia",),
                ),
                R(MB_SPACER),
                C(
                    "Written by Jada Okoro and Owen Pell",
                    mb_p(
                        "<strong>✢ A Note From Our Lawyers:</strong> Nothing in "
                        "this newsletter is investment advice."
                    )
                    + mb_p("Written by Jada Okoro and Owen Pell"),
                    alts=("A Note From Our Lawyers",),
                ),
                O("ANSWER", mb_p("<strong>ANSWER:</strong> Copper. Fitting.")),
                C("Copyright © 2026 Sunrise Media Co", mb_footer()),
                R("</table></td></tr></table>"),
            ],
        )
    )

    posts.append(
        Post(
            "☕ The sequel problem",
            f"{MB}/issues/the-sequel-problem",
            day(2026, 5, 13, 10, 30),
            author="Owen Pell",
            summary="Hollywood's sequel summer, hotel prices, and a carmaker's U-turn.",
            blocks=[
                R(mb_open()),
                C(
                    "Presented by Oakline",
                    mb_row(
                        '<p style="text-align:center;font-size:12px;color:#888;">Presented by '
                        "Oakline</p>"
                    ),
                ),
                R(mb_masthead("May 13, 2026")),
                R(
                    mb_p(
                        "Good morning. Nine of the ten biggest films scheduled for this summer are sequels, prequels or "
                        "remakes. The tenth is a movie about a board game. We are not complaining; we are just "
                        "noticing."
                    )
                    + mb_p("— Owen Pell")
                ),
                C(
                    "Nasdaq",
                    mb_ticker(
                        [
                            ("Nasdaq", "18,150.02", "-0.30%"),
                            ("S&amp;P", "5,830.44", "-0.20%"),
                            ("Dow", "41,502.77", "+0.27%"),
                            ("10-Year", "4.142%", "+2.4 bps"),
                            ("Bitcoin", "$72,118.35", "+1.00%"),
                        ],
                        "5:00am ET",
                    ),
                    alts=("Stock data as of market close",),
                ),
                R(MB_SPACER),
                C("ENTERTAINMENT", mb_label("ENTERTAINMENT")),
                S(
                    "Hollywood bets the summer on sequels",
                    mb_h(3, "Hollywood bets the summer on sequels")
                    + mb_p(
                        "Studios are releasing 14 sequels between Memorial Day and Labor Day, the most since 2019. "
                        "After two summers in which original films flopped, executives say audiences have made their "
                        "preference clear."
                    )
                    + mb_p(
                        "<strong>Zoom out:</strong> Box office revenue is still about 20% below its 2019 level, and "
                        "sequels are cheaper to market because audiences already know the characters. The risk is "
                        "fatigue: three of last year’s five biggest sequels made less than the films they "
                        "followed."
                    ),
                ),
                R(MB_SPACER),
                C("TRAVEL", mb_label("TRAVEL")),
                S(
                    "Hotel prices are finally coming down",
                    mb_h(3, "Hotel prices are finally coming down")
                    + mb_p(
                        "The average nightly rate at US hotels fell 3% in April from a year earlier, the first annual "
                        "decline since 2021, according to hospitality data firm Lodgestat. Business travel has "
                        "recovered, but leisure travelers are booking fewer nights and shopping harder."
                    ),
                ),
                R(MB_SPACER),
                C(
                    "Stop overpaying for your business software",
                    mb_label("PRESENTED BY OAKLINE")
                    + mb_h(3, "Stop overpaying for your business software")
                    + mb_p(
                        "The average small business pays for 11 software subscriptions nobody uses. Oakline finds them "
                        'and cancels them for you. <a href="https://oakline.example.com/brew">See what you could '
                        "save</a>."
                    ),
                    alts=("PRESENTED BY OAKLINE",),
                ),
                R(MB_SPACER),
                C("AUTOS", mb_label("AUTOS")),
                S(
                    "Verdant Motors brings back the manual gearbox",
                    mb_h(3, "Verdant Motors brings back the manual gearbox")
                    + mb_p(
                        "In a move that delighted roughly 40,000 people on car forums, Verdant will offer a six-speed "
                        "manual on its 2027 Corsa hatchback. Fewer than 1% of new cars sold in the US last year had a "
                        "clutch pedal."
                    ),
                ),
                R(MB_SPACER),
                S(
                    "BREW’S BETS",
                    mb_label("BREW’S BETS")
                    + mb_ul(
                        [
                            "<strong>Listen:</strong> a podcast about the economics of minor-league baseball.",
                            "<strong>Read:</strong> the oral history of the first mall food court.",
                            "<strong>Cook:</strong> a ten-minute miso butter pasta.",
                        ]
                    ),
                ),
                R(MB_SPACER),
                C("SHARE THE BREW", mb_share("a4b5c6d7")),
                R(MB_SPACER),
                S(
                    "WHAT ELSE IS BREWING",
                    mb_label("WHAT ELSE IS BREWING")
                    + mb_ul(
                        [
                            "<strong>Corvane</strong>, the drone delivery startup, expanded to Phoenix.",
                            "Egg prices fell for the sixth month in a row.",
                            "A Florida town elected a 19-year-old mayor.",
                        ]
                    ),
                ),
                R(MB_SPACER),
                O(
                    "GAMES",
                    mb_label("GAMES")
                    + mb_h(3, "Brew Mini")
                    + mb_p(
                        "Today's crossword is sequel-themed, obviously. <a href=\""
                        + MB
                        + '/mini">Play it here</a>.'
                    ),
                    alts=("Brew Mini",),
                ),
                R(MB_SPACER),
                C("Written by Owen Pell", mb_p("Written by Owen Pell")),
                C("Copyright © 2026 Sunrise Media Co", mb_footer()),
                R("</table></td></tr></table>"),
            ],
        )
    )

    write(
        "morningbrew",
        rss_encoded(
            "Sunrise Brew",
            MB,
            "The daily email that makes reading the news actually enjoyable.",
            "Sunrise Brew",
            posts,
        ),
        posts,
    )


def main():
    mailchimp()
    beehiiv()
    ghost()
    cooperpress()
    axios()
    morningbrew()


if __name__ == "__main__":
    main()
