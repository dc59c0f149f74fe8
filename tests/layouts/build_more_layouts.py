#!/usr/bin/env python3
"""Build six more layout sets for the sectioner (stdlib only, deterministic).

    python3 tests/layouts/build_more_layouts.py

Writes, next to this file, NAME.xml and NAME.expected.json for six sets whose layouts are in neither the
development corpus (shared/feeds/sectioning/) nor the other builders of this directory:

    mailman-digest      mailing-list digests in an e-mail-to-feed inbox (Atom): a Mailman 2 digest in <pre>, one
                        as bare text ("Today's Topics:", "------" separators, Message/Date/From/Subject headers,
                        "> " quotes, scrubbed attachments, digest footer) and a Google Groups HTML digest
    substack-links      Substack links roundups: <h3> and <p><strong><a> items with captioned images, footnotes,
                        subscribe widgets, Share buttons, a paid-subscriber cut-off
    german-newsletter   a German local weekly on WordPress: <h2>/<h3> stories, "Anzeige" / "Gesponsert" blocks,
                        "Kurz notiert" and "Termine" lists, "Bis nächste Woche!" sign-offs, Jetpack sharing
    podcast-and-release a Planet aggregator (Atom): podcast show notes with timestamped chapters, release notes,
                        a recipe (all whole) and a podcast network's weekly news, one show per <h2>
    table-email         TLDR-style e-mails as sent, in layout tables: one table per story with "(N minute read)"
                        titles, <h2> or upper-case category rows, sponsors, referral row, footer; and a weekly
                        link-list issue whose categories hold bare links
    digest-roundup-numbered-headings
                        Kit-style roundups of "<h2>1. Headline</h2>" stories with "Read more →" links, an "In this
                        issue" list, "Before you go" and "Reply to this email" endings; one numbered-heading essay

Every word was made up for this test (people, places, companies, products, projects are fictional). Labelling
follows the rules in shared/feeds/sectioning/README.md ("Labels", "What a careful reader cuts"). Each post is a
list of blocks that carry their own label, so the expected file cannot drift from the feed:

    S(title, html)            a story a careful reader cuts out, titled as printed (rule 1)
    C(label, html, alts=())   chrome: ad, widget, contents list, category label, sign-off, footer; `alts` are other
                              names the same block could be given by a sectioner (each must also occur in the block)
    O(label, html, alts=())   optional: may or may not be cut
    R(html)                   anything else (preamble, spacers, wrappers): no label
A post built with whole=True must stay one section, titled with the post's own title.

`check` refuses a label that does not occur, character for character, in its own block's text.

Judgement calls (held consistent across sets):
- a digest message is a story titled by its Subject header as printed, list tag and "Re:" included (rule 1 drops
  only list numbers, stops, read-time suffixes and edge emoji); a Google Groups topic is one story, all its
  messages included; "Message: 1" / "Date:" / "From:" headers, "> " quotes and scrubbed-attachment notes stay
  in their message (rule 3);
- digest preambles ("Send … submissions to"), "Today's Topics" / topic summaries, "Back to top" links and digest
  footers are chrome;
- Substack footnotes, subscribe widgets, Share buttons and the paid-subscriber cut-off are chrome;
- "Anzeige" / "Gesponsert" blocks are chrome, headline included; "Kurz notiert" and "Termine" lists are ONE story
  each, titled by their heading (rule 4); a greeting that opens the issue is a preamble (no label);
- show notes, release notes and a recipe are single pieces (whole), chapters and "Links" lists included;
- TLDR category rows, "(Sponsor)" items, referral rows and footers are chrome; a category of bare links (no blurb
  per link) is one story titled by its category (rule 4);
- numbered <h2> headlines lose their number; "In this issue" lists and "Reply to this email" sign-offs are
  chrome; a bold "Before you go" note is optional.
"""

from __future__ import annotations

from layoutkit import C, O, Post, R, S, atom, day, esc, rss_encoded, rss_escaped, write

# ================================================================ 1. mailman-digest (e-mail-to-feed inbox, Atom)

KTN = "https://kill-the-newsletter.com/feeds/q7m2vx9tk4rhd1wa"
QM_LIST = "lists.quillmate.example"
SEP = "\n------------------------------\n\n"


def mm_preamble(lst, angle=True):
    addr = f"{lst.lower()}@{QM_LIST}"
    return (
        f"Send {lst} mailing list submissions to\n\t{addr}\n\n"
        "To subscribe or unsubscribe via the World Wide Web, visit\n"
        f"\thttps://{QM_LIST}/mailman/listinfo/{lst.lower()}\n"
        "or, via email, send a message with subject or body 'help' to\n"
        f"\t{lst.lower()}-request@{QM_LIST}\n\n"
        "You can reach the person managing the list at\n"
        f"\t{lst.lower()}-owner@{QM_LIST}\n\n"
        "When replying, please edit your Subject line so it is more specific\n"
        f'than "Re: Contents of {lst} digest..."\n\n\n'
    )


def mm_footer(lst, vol, issue):
    end = f"End of {lst} Digest, Vol {vol}, Issue {issue}"
    return (
        "Subject: Digest Footer\n\n"
        "_______________________________________________\n"
        f"{lst} mailing list\n{lst.lower()}@{QM_LIST}\n"
        f"https://{QM_LIST}/mailman/listinfo/{lst.lower()}\n\n\n"
        "------------------------------\n\n"
        f"{end}\n" + "*" * len(end) + "\n"
    )


def mm_message(n, date, sender, subject, body, msgid=None, pre=True):
    head = f"Message: {n}\nDate: {date}\nFrom: {sender}\n"
    head += f"To: quillmate-users@{QM_LIST}\nSubject: {subject}\n"
    if msgid:
        head += f"Message-ID: <{msgid}>\n"
    head += 'Content-Type: text/plain; charset="utf-8"\n\n'
    text = head + body.strip("\n") + "\n"
    return esc(text) if pre else text


def gg_topic(i, title, slug, messages):
    """One topic of a Google Groups digest: its title row, then each message."""
    out = (
        '<table style="border-collapse:collapse;width:100%"><tbody><tr><td style="background-color:#f5f5f5">'
        f'<a name="m_group_thread_{i}"></a><span style="color:#777777;font-size:16px">'
        f'<a style="color:#1155cc;text-decoration:none;font-size:16px" href="https://groups.google.com/g/'
        f'quillmate-dev/t/{slug}?utm_source=digest&amp;utm_medium=email">{esc(title)}</a></span>'
        "</td></tr></tbody></table>"
    )
    for who, addr, when, body in messages:
        out += (
            '<table style="border-collapse:collapse;width:100%"><tbody><tr><td style="padding:6px 0 12px">'
            f'<span style="color:#777777"><b style="font-size:13px;color:#222222">{who} '
            f"&lt;{addr}&gt;</b>: {when} </span><br><br>"
            f'<div style="margin-left:10px;font-size:13px">{body}</div></td></tr></tbody></table>'
        )
    return out


GG_BACK = (
    '<div style="text-align:right;font-size:11px;padding-bottom:12px"><a href="#m_digest_top" '
    'style="color:#1155cc;text-decoration:none">Back to top</a></div>'
    '<hr style="border:0px;background-color:#e5e5e5;min-height:1px">'
)


def mailman_digest():
    posts = []
    lst = "Quillmate-users"

    # ---- Vol 58, Issue 12: the digest as a <pre> block
    toc12 = (
        "Today's Topics:\n\n"
        "   1. Sync conflicts after upgrading to 4.2 (Tomas Berglund)\n"
        "   2. Re: Sync conflicts after upgrading to 4.2 (Ines Calder)\n"
        "   3. Exporting a notebook to Markdown keeps the front matter?\n"
        "      (Maud Okonkwo)\n"
        "   4. Re: Keyboard shortcut for strike-through (Desmond Arkwright)\n\n\n"
        + "-" * 70
        + "\n\n"
    )
    posts.append(
        Post(
            "Quillmate-users Digest, Vol 58, Issue 12",
            f"{KTN}/entries/m3d8kq1zr0t5.html",
            day(2026, 3, 10, 11, 0),
            author="quillmate-users-request@lists.quillmate.example",
            guid="urn:uuid:5c1f9a2e-7d43-4b8e-9a61-0f2c7e3d8b14",
            blocks=[
                R('<pre style="white-space:pre-wrap">'),
                C("Send Quillmate-users mailing list submissions to", esc(mm_preamble(lst))),
                C("Today's Topics", esc(toc12)),
                S(
                    "[Quillmate-users] Sync conflicts after upgrading to 4.2",
                    mm_message(
                        1,
                        "Mon, 9 Mar 2026 21:47:03 +0100",
                        "Tomas Berglund <tomas.berglund@fjordmail.example>",
                        "[Quillmate-users] Sync conflicts after upgrading to 4.2",
                        """
Hi all,

Since upgrading from 4.1.3 to 4.2.0 on my laptop (Fedora 41) I get a sync
conflict on nearly every note I open, on both machines. The desktop at work
is still on 4.1.3. Each conflict leaves a copy named "note (conflict
2026-03-09).qm" next to the original, and I now have 214 of them.

Is mixing 4.1 and 4.2 on the same vault supposed to work? I could not find
anything about it in the release notes. Screenshot of the conflict dialog
attached.

Thanks,
Tomas
-------------- next part --------------
A non-text attachment was scrubbed...
Name: conflict-dialog.png
Type: image/png
Size: 48211 bytes
Desc: not available
URL: <https://lists.quillmate.example/pipermail/quillmate-users/attachments/20260309/8c1e02aa/attachment.png>
""",
                        "a81f3c2e-5b7d-4f19-9e0a-77d1c4b2e6f3@fjordmail.example",
                    ),
                ),
                R(esc(SEP)),
                S(
                    "Re: [Quillmate-users] Sync conflicts after upgrading to 4.2",
                    mm_message(
                        2,
                        "Tue, 10 Mar 2026 08:12:40 +0000",
                        "Ines Calder <ines@calder.example>",
                        "Re: [Quillmate-users] Sync conflicts after upgrading to 4.2",
                        """
On 09/03/2026 20:47, Tomas Berglund wrote:
> Is mixing 4.1 and 4.2 on the same vault supposed to work? I could not find
> anything about it in the release notes.

It is not, and you are right that the release notes should say so. 4.2
writes a new field into the note header that 4.1 does not know about and
drops when it saves, so every save on the old machine looks like a
conflicting edit to the new one.

Upgrade the work desktop and the conflicts stop. For the 214 copies there
is a cleanup command in 4.2:

    quillmate vault dedupe --conflicts --dry-run

Drop --dry-run once the list looks right. I have opened ticket #3318 to
get a warning shown when two versions share a vault.

Ines
""",
                        "0f3b9d2a-calder-1741594360@calder.example",
                    ),
                ),
                R(esc(SEP)),
                S(
                    "[Quillmate-users] Exporting a notebook to Markdown keeps the front matter?",
                    mm_message(
                        3,
                        "Tue, 10 Mar 2026 09:30:11 +0100",
                        "Maud Okonkwo <maud.okonkwo@lanternbox.example>",
                        "[Quillmate-users] Exporting a notebook to Markdown keeps the front matter?",
                        """
When I export a notebook to Markdown, every file starts with a YAML block
(id, created, tags). Is there a setting to leave it out? I only need the
text for a printed booklet.

Maud
""",
                    ),
                ),
                R(esc(SEP)),
                S(
                    "Re: [Quillmate-users] Keyboard shortcut for strike-through",
                    mm_message(
                        4,
                        "Tue, 10 Mar 2026 10:02:57 +0000",
                        "Desmond Arkwright <desmond@arkwright.example>",
                        "Re: [Quillmate-users] Keyboard shortcut for strike-through",
                        """
On Mon, Mar 9, 2026 at 6:15 PM Pilar Ensenada wrote:
> Is there a shortcut for strike-through, or do I have to type the tildes
> every time?

Ctrl+Shift+X on Linux and Windows, Cmd+Shift+X on the Mac. It is missing
from the cheat sheet, which is probably why nobody finds it; I will add it
this week. You can rebind it under Settings > Keys if another program
already grabs that combination.

--
Desmond Arkwright
Quillmate documentation team
""",
                    ),
                ),
                R(esc(SEP)),
                C(
                    "Digest Footer",
                    esc(mm_footer(lst, 58, 12)),
                    alts=("End of Quillmate-users Digest, Vol 58, Issue 12",),
                ),
                R("</pre>"),
            ],
        )
    )

    # ---- Vol 58, Issue 14: the same digest as bare text, addresses obscured as in the web archive
    toc14 = (
        "Today's Topics:\n\n"
        "   1. Meetup in Ghent, 18 April (Lieve Marchal)\n"
        "   2. Re: Exporting a notebook to Markdown keeps the front matter?\n"
        "      (Ines Calder)\n"
        "   3. Plugin API: how to register a sidebar panel (Arvid Lindqvist)\n\n\n"
        + "-" * 70
        + "\n\n"
    )
    posts.append(
        Post(
            "Quillmate-users Digest, Vol 58, Issue 14",
            f"{KTN}/entries/w6p0bn4yc2ja.html",
            day(2026, 3, 12, 11, 0),
            author="quillmate-users-request@lists.quillmate.example",
            guid="urn:uuid:b2e04d7c-19fa-4c3d-8e25-6a9f1d0c7e52",
            blocks=[
                C(
                    "Send Quillmate-users mailing list submissions to",
                    mm_preamble(lst),
                ),
                C("Today's Topics", toc14),
                S(
                    "[Quillmate-users] Meetup in Ghent, 18 April",
                    mm_message(
                        1,
                        "Wed, 11 Mar 2026 19:05:44 +0100",
                        "lieve at marchal.example (Lieve Marchal)",
                        "[Quillmate-users] Meetup in Ghent, 18 April",
                        """
Hello everyone,

A few of us are meeting in Ghent on Saturday 18 April, from 14:00, in
the back room of Cafe Sint-Joris near the Vrijdagmarkt. No talks, no
slides: bring a laptop, the vault you are proudest of or most ashamed
of, and questions. Arvid has promised a demo of the sidebar plugin he is
writing.

If you are coming, reply to me off-list so I can tell the cafe how many
chairs we need. Last time we were eleven.

Lieve
""",
                        pre=False,
                    ),
                ),
                R(SEP),
                S(
                    "Re: [Quillmate-users] Exporting a notebook to Markdown keeps the front matter?",
                    mm_message(
                        2,
                        "Wed, 11 Mar 2026 21:40:02 +0000",
                        "ines at calder.example (Ines Calder)",
                        "Re: [Quillmate-users] Exporting a notebook to Markdown keeps the front matter?",
                        """
On 10/03/2026 08:30, Maud Okonkwo wrote:
> When I export a notebook to Markdown, every file starts with a YAML block
> (id, created, tags). Is there a setting to leave it out?

Not in the dialog, but the exporter reads a setting from the config file:

    [export.markdown]
    front_matter = false

Put that in quillmate.toml in your vault folder and export again. We are
moving it into the dialog in 4.3, since you are the fourth person to ask
this year.

Ines
""",
                        pre=False,
                    ),
                ),
                R(SEP),
                S(
                    "[Quillmate-users] Plugin API: how to register a sidebar panel",
                    mm_message(
                        3,
                        "Thu, 12 Mar 2026 07:51:19 +0100",
                        "arvid.lindqvist at snowmoss.example (Arvid Lindqvist)",
                        "[Quillmate-users] Plugin API: how to register a sidebar panel",
                        """
Hi,

I am writing a plugin that shows a word count per heading in the right
sidebar. The docs describe register_view() for the main pane, but when I
pass side="right" the panel is created and then immediately closed again,
with nothing in the log.

Is the right sidebar open to plugins in 4.2, or is it reserved for the
built-in outline and backlinks panels? If it is reserved, is there a
workaround other than a floating window?

Regards,
Arvid
""",
                        pre=False,
                    ),
                ),
                R(SEP),
                C(
                    "Digest Footer",
                    mm_footer(lst, 58, 14),
                    alts=("End of Quillmate-users Digest, Vol 58, Issue 14",),
                ),
            ],
        )
    )

    # ---- Google Groups HTML digest of the developers' group
    gg_head = (
        '<div style="border:1px solid #f0f0f0;max-width:650px;font-family:Arial,sans-serif;color:#000000">'
        '<div style="background-color:#f5f5f5;padding:10px 20px"><table cellpadding="0" cellspacing="0" '
        'style="width:100%"><tbody><tr><td style="width:70%"><span style="font:18px/20px arial;'
        'color:#333333">quillmate-dev@googlegroups.com</span></td><td style="text-align:right;width:30%">'
        '<span style="font:20px/24px arial"><a style="color:#dd4b39;text-decoration:none" '
        'href="https://groups.google.com/g/quillmate-dev?utm_source=digest&amp;utm_medium=email">Google '
        "Groups</a></span></td></tr></tbody></table></div>"
    )
    gg_summary = (
        '<div style="padding:20px;background-color:#f5f5f5"><div style="font-family:arial;color:#222222">'
        '<a name="m_digest_top" style="font-size:21px">Topic digest</a><br><span style="font-size:11px">'
        '<a style="color:#1155cc;text-decoration:none" href="https://groups.google.com/g/quillmate-dev/'
        'topics?utm_source=digest&amp;utm_medium=email">View all topics</a></span></div>'
        '<ul style="margin-left:3px;padding-left:0px">'
        '<li><a style="color:#1155cc;text-decoration:none" href="#m_group_thread_0">Proposal: drop the '
        'legacy sync protocol in 5.0</a> - <span style="color:#777777">2 Updates</span></li>'
        '<li><a style="color:#1155cc;text-decoration:none" href="#m_group_thread_1">CI on Windows is red '
        'again</a> - <span style="color:#777777">1 Update</span></li>'
        '<li><a style="color:#1155cc;text-decoration:none" href="#m_group_thread_2">Call for reviewers: '
        'table editor rewrite</a> - <span style="color:#777777">1 Update</span></li></ul>'
        '<hr style="border:0px;background-color:#e5e5e5;min-height:1px">'
    )
    posts.append(
        Post(
            "[quillmate-dev] Digest for quillmate-dev@googlegroups.com - 4 updates in 3 topics",
            f"{KTN}/entries/h1t9ce5gx8lo.html",
            day(2026, 3, 11, 7, 24),
            author="quillmate-dev@googlegroups.com",
            guid="urn:uuid:e7a3c512-8b06-4f4e-a1d9-3c5b8f20e6a1",
            blocks=[
                C("quillmate-dev@googlegroups.com", gg_head),
                C("Topic digest", gg_summary, alts=("View all topics",)),
                S(
                    "Proposal: drop the legacy sync protocol in 5.0",
                    gg_topic(
                        0,
                        "Proposal: drop the legacy sync protocol in 5.0",
                        "Xk2rP0aLm9Q",
                        [
                            (
                                "Ines Calder",
                                "ines@calder.example",
                                "Mar 10 02:14PM",
                                "Hi all,<br><br>The v1 sync protocol has been deprecated since 3.0. Telemetry "
                                "from the opt-in builds says 0.4% of vaults still use it, almost all of them "
                                "on self-hosted servers that were never upgraded. Keeping it costs us a second "
                                "conflict resolver and most of the flaky tests in sync/.<br><br>I propose we "
                                "remove it in 5.0, with a one-time migration that converts the server store on "
                                "first connect, and a loud warning in every 4.x release from 4.3 on. Objections "
                                "before the 24th, please.<br><br>Ines",
                            ),
                            (
                                "Arvid Lindqvist",
                                "arvid.lindqvist@snowmoss.example",
                                "Mar 10 06:40PM +0100",
                                '<div style="border-left:1px solid #cccccc;padding-left:6px;color:#777777">'
                                "&gt; I propose we remove it in 5.0, with a one-time migration that converts "
                                "the server store on first connect</div><br>+1 in principle. The migration "
                                "needs a dry-run mode, though: the people still on v1 are exactly the people "
                                "who do not read release notes, and they will want to see what will happen "
                                "to their store before it happens.",
                            ),
                        ],
                    ),
                ),
                C("Back to top", GG_BACK),
                S(
                    "CI on Windows is red again",
                    gg_topic(
                        1,
                        "CI on Windows is red again",
                        "p8VnC3kWq1E",
                        [
                            (
                                "Kofi Mensah-Ward",
                                "kofi@mensahward.example",
                                "Mar 10 11:02PM",
                                "The Windows runners fail in test_watch_rename since last night's image "
                                "update. It looks like the new image delivers file events in a different "
                                "order. I have marked the test as flaky on Windows only so that main is "
                                "green again, and opened #3321 to fix the watcher properly. Please do not "
                                "merge anything that touches the file watcher until that is in.",
                            ),
                        ],
                    ),
                ),
                C("Back to top", GG_BACK),
                S(
                    "Call for reviewers: table editor rewrite",
                    gg_topic(
                        2,
                        "Call for reviewers: table editor rewrite",
                        "Jd4tY7sHb2R",
                        [
                            (
                                "Maud Okonkwo",
                                "maud.okonkwo@lanternbox.example",
                                "Mar 11 07:15AM +0100",
                                "The table editor rewrite (#3290) is ready for review. It is big, 41 files, "
                                "but split into eight commits that can be read one at a time. I would most "
                                "like eyes on the keyboard navigation and on the paste handler, which now "
                                "accepts tab-separated text from spreadsheets. Two reviewers would be ideal; "
                                "reply here and I will assign you.",
                            ),
                        ],
                    ),
                ),
                C("Back to top", GG_BACK),
                C(
                    "You received this digest because you're subscribed to updates for this group",
                    '<div style="font-size:11px;color:#777777;padding-top:8px">You received this digest '
                    "because you're subscribed to updates for this group. You can change your settings on "
                    'the <a href="https://groups.google.com/g/quillmate-dev/membership">group membership '
                    "page</a>.<br>To unsubscribe from this group and stop receiving emails from it send an "
                    'email to <a href="mailto:quillmate-dev+unsubscribe@googlegroups.com">'
                    "quillmate-dev+unsubscribe@googlegroups.com</a>.</div></div></div>",
                ),
            ],
        )
    )

    write(
        "mailman-digest",
        atom(
            "Quillmate lists",
            "https://kill-the-newsletter.com/",
            f"{KTN}.xml",
            "urn:uuid:0b5d7e3a-6c21-4f8a-b9e4-2d1c7a93f605",
            "Kill the Newsletter!",
            posts,
        ),
        posts,
    )


# ================================================================ 2. substack-links (Substack RSS)

LT = "https://thelongtab.substack.com"
LT_CDN = "https://substack-post-media.s3.amazonaws.com/public/images"


def ss_img(key, caption=None, w=1456, h=970):
    src = f"{LT_CDN}/{key}_{w}x{h}.jpeg"
    fetch = f"https://substackcdn.com/image/fetch/$s_!{key[:4]}!,w_1456,c_limit,f_auto,q_auto:good/{src}"
    cap = f'<figcaption class="image-caption">{caption}</figcaption>' if caption else ""
    return (
        '<div class="captioned-image-container"><figure><a class="image-link image2 is-viewable-img" '
        f'target="_blank" href="{fetch}" data-component-name="Image2ToDOM"><div class="image2-inset">'
        f'<picture><source type="image/webp" srcset="{fetch} 1456w" sizes="100vw">'
        f'<img src="{fetch}" width="{w}" height="{h}" data-attrs="{{&quot;src&quot;:&quot;{src}&quot;,'
        f'&quot;width&quot;:{w},&quot;height&quot;:{h},&quot;type&quot;:&quot;image/jpeg&quot;}}" '
        'class="sizing-normal" alt="" title="" loading="lazy"></picture><div class="image-link-expand">'
        '<div class="pencraft pc-display-flex pc-gap-8 pc-reset"><button tabindex="0" type="button" '
        'class="pencraft pc-reset pencraft icon-container restack-image"></button><button tabindex="0" '
        'type="button" class="pencraft pc-reset pencraft icon-container view-image"></button></div></div>'
        f"</div></a>{cap}</figure></div>"
    )


def ss_fn_anchor(n):
    return (
        f'<a class="footnote-anchor" data-component-name="FootnoteAnchorToDOM" id="footnote-anchor-{n}" '
        f'href="#footnote-{n}" target="_self">{n}</a>'
    )


def ss_footnote(n, text):
    return (
        '<div class="footnote" data-component-name="FootnoteToDOM">'
        f'<a id="footnote-{n}" href="#footnote-anchor-{n}" class="footnote-number" contenteditable="false" '
        f'target="_self">{n}</a><div class="footnote-content"><p>{text}</p></div></div>'
    )


def ss_subscribe():
    return (
        '<div class="subscription-widget-wrap-editor" data-attrs="{&quot;url&quot;:&quot;'
        f'{LT}/subscribe?&quot;,&quot;text&quot;:&quot;Subscribe&quot;,&quot;language&quot;:&quot;en&quot;}}" '
        'data-component-name="SubscribeWidgetToDOM"><div class="subscription-widget show-subscribe">'
        '<div class="preamble"><p class="cta-caption">The Long Tab is a reader-supported publication. To '
        "receive new posts and support my work, consider becoming a free or paid subscriber.</p></div>"
        '<form class="subscription-widget-subscribe"><input type="email" class="email-input" name="email" '
        'placeholder="Type your email&#8230;" tabindex="-1"><input type="submit" class="button primary" '
        'value="Subscribe"><div class="fake-input-wrapper"><div class="fake-input"></div>'
        '<div class="fake-button"></div></div></form></div></div>'
    )


def ss_button(url, text):
    return (
        f'<p class="button-wrapper" data-attrs="{{&quot;url&quot;:&quot;{url}&quot;,&quot;text&quot;:'
        f'&quot;{text}&quot;,&quot;action&quot;:null,&quot;class&quot;:null}}" '
        f'data-component-name="ButtonCreateButton"><a class="button primary" href="{url}"><span>{text}</span>'
        "</a></p>"
    )


def substack_links():
    posts = []
    slug38 = "the-long-tab-38"
    share38 = f"{LT}/p/{slug38}?utm_source=substack&amp;utm_medium=email&amp;utm_content=share&amp;action=share"
    posts.append(
        Post(
            "The Long Tab #38: a wooden bridge, city bees and a very slow train",
            f"{LT}/p/{slug38}",
            day(2026, 2, 22, 8, 0),
            author="Priya Marchetti",
            guid=f"{LT}/p/{slug38}",
            summary="Five things I read this fortnight, and one I am still thinking about.",
            blocks=[
                R(
                    "<p>Hello from a wet Sunday. Five links this time, all of them longer than they "
                    "need to be, which is how I like them. Pour something hot.</p>"
                ),
                C("The Long Tab is a reader-supported publication", ss_subscribe()),
                S(
                    "The village that voted to keep its wooden bridge",
                    '<h3><a href="https://harrowgate-courier.example.com/bridge-vote">The village that voted '
                    "to keep its wooden bridge</a></h3>"
                    + ss_img(
                        "a41c9e27-0d5b-4c8e-9f13-2b7e6a18d4c0",
                        "The Osterley footbridge in January.",
                    )
                    + "<p>Osterley was offered a free steel replacement for its 1880s footbridge and turned "
                    "it down, 212 votes to 64. The reporting is lovely on how a village argues: the "
                    "carpenter who has patched the deck for thirty years gets the last word"
                    + ss_fn_anchor(1)
                    + ". Read it for the parish-meeting minutes alone.</p>",
                ),
                S(
                    "A field guide to city bees",
                    '<h3><a href="https://commonground-mag.example.org/city-bees">A field guide to city '
                    "bees</a></h3>"
                    + ss_img("c7d02f5a-91e3-4b6c-8a2d-5f0e3b7c9a16")
                    + "<p>Most of the bees in a city are not honeybees, and most of them nest in the ground. "
                    "This guide, with drawings by Lotte Veerman, taught me to tell a mining bee from a "
                    "hoverfly in about ten minutes. I have been staring at the cracks in my pavement ever "
                    "since.</p>",
                ),
                S(
                    "Eleven hours on the Valdorne line",
                    '<h3><a href="https://slowrail-review.example.net/valdorne">Eleven hours on the Valdorne '
                    "line</a></h3>"
                    + ss_img(
                        "e93b5d10-2a7f-4e8c-b4d1-6c0a9f2e7b35", "Somewhere past Marenz, hour six."
                    )
                    + "<p>A writer rides the slowest scheduled passenger train in the Alps from end to "
                    "end, 214 kilometres at an average of 19 km/h. Nothing happens and it is riveting. The "
                    "conductor who knows every passenger by name deserves his own essay"
                    + ss_fn_anchor(2)
                    + ".</p>",
                ),
                S(
                    "Why every museum gift shop sells the same tote bag",
                    '<h3><a href="https://thecounterweight.example.com/tote-bags">Why every museum gift '
                    "shop sells the same tote bag</a></h3>"
                    + ss_img("0b6e4c93-7d28-4f1a-95c3-8e2d1a7f4b60")
                    + "<p>Three wholesalers supply most of the museum shops in Europe, and their catalogues "
                    "are nearly identical. A sharp piece of business reporting about why the souvenir of "
                    "your unique cultural experience is not unique at all.</p>",
                ),
                S(
                    "The lost art of the index card",
                    '<h3><a href="https://paperandpin.example.com/index-cards">The lost art of the index '
                    "card</a></h3>"
                    + "<p>Short and sweet: a retired librarian on the card catalogue she kept at home for "
                    "forty years. I have already bought a box of cards.</p>",
                ),
                C("Share", ss_button(share38, "Share")),
                C(
                    "See you in a fortnight",
                    "<p>See you in a fortnight. As always, send me the long thing you could not stop "
                    "reading.</p><p>Priya</p>",
                ),
                C(
                    "Councils in the region have offered free replacements to eleven villages since 2019",
                    ss_footnote(
                        1,
                        "Councils in the region have offered free replacements to eleven villages since "
                        "2019. Osterley is the first to say no.",
                    )
                    + ss_footnote(
                        2,
                        "His name is Gion and he has worked the line since 1994. He would not be "
                        "photographed.",
                    ),
                ),
            ],
        )
    )

    slug39 = "the-long-tab-39"
    posts.append(
        Post(
            "The Long Tab #39: lighthouse logbooks and the corner bakery",
            f"{LT}/p/{slug39}",
            day(2026, 3, 8, 8, 0),
            author="Priya Marchetti",
            guid=f"{LT}/p/{slug39}",
            summary="A paid-subscriber edition: six links, two of them free to read here.",
            blocks=[
                R(
                    "<p>This one is for paid subscribers, but the first three links are open to everyone. "
                    "Thank you, as ever, to the 412 of you who keep this going.</p>"
                ),
                S(
                    "A lighthouse keeper’s logbook, digitised",
                    '<p><strong><a href="https://coastarchive.example.org/skerrow-logs">A lighthouse '
                    "keeper’s logbook, digitised</a></strong></p>"
                    + ss_img("5a2f8c71-3e9d-4b0a-a6c4-1d7e9b3f2c58", "Skerrow Light, 1931.")
                    + "<p>The county archive has scanned every logbook kept at Skerrow Light between 1902 "
                    "and 1968. Most entries are weather and paraffin. Some are not: the night in 1941 "
                    "when the keeper’s wife took the watch for a week is told in four lines. You can "
                    "search them by date, which is dangerous.</p>",
                ),
                S(
                    "What a flooded library saved first",
                    '<p><strong><a href="https://thegreenreader.example.com/flooded-library">What a '
                    "flooded library saved first</a></strong></p>"
                    + ss_img("9c4d1e08-6b2a-4f7e-8d35-0a1c7e4b9f26")
                    + "<p>When the river came into the Brennock town library last November, the staff had "
                    "two hours and one van. This is the list of what they carried out, in order, with "
                    "their reasons. It is the best thing I have read about what a library is for. The "
                    "local history room went second; the answer to what went first will surprise you.</p>",
                ),
                S(
                    "The economics of the corner bakery",
                    '<p><strong><a href="https://smallmargins.example.net/corner-bakery">The economics of '
                    "the corner bakery</a></strong></p>"
                    + "<p>A baker in Lisle Street opens her books: flour, rent, the oven loan, and the 4am "
                    "starts that nobody prices in. A loaf that sells for 4.20 makes her 31 cents.</p>",
                ),
                R('<div class="paywall-jump" data-component-name="PaywallToDOM"></div>'),
                C(
                    "Keep reading with a 7-day free trial",
                    '<div class="paywall"><h2 class="paywall-title">This post is for paid subscribers</h2>'
                    '<div class="paywall-cta"><h3>Keep reading with a 7-day free trial</h3><p>Subscribe to '
                    "The Long Tab to keep reading this post and get 7 days of free access to the full post "
                    f'archives.</p><p><a class="button primary" href="{LT}/subscribe?simple=true&amp;'
                    f'next={LT}/p/{slug39}&amp;utm_source=paywall-free-trial&amp;utm_medium=email">Start '
                    "trial</a></p><p>Already a paid subscriber? "
                    f'<a href="{LT}/account/login">Sign in</a></p></div></div>',
                    alts=("This post is for paid subscribers",),
                ),
            ],
        )
    )

    slug40 = "the-long-tab-40-short-one"
    share40 = f"{LT}/p/{slug40}?utm_source=substack&amp;utm_medium=email&amp;utm_content=share&amp;action=share"
    posts.append(
        Post(
            "The Long Tab #40: a short one",
            f"{LT}/p/{slug40}",
            day(2026, 3, 22, 8, 0),
            author="Priya Marchetti",
            guid=f"{LT}/p/{slug40}",
            summary="Three links and a correction.",
            blocks=[
                R(
                    "<p>Only three this week. I have been moving house and reading mostly box labels.</p>"
                ),
                S(
                    "The hundred-year forecast that was nearly right",
                    '<h3><a href="https://weatherlore.example.org/1926-forecast">The hundred-year forecast '
                    "that was nearly right</a></h3>"
                    + ss_img("3f7a0c2d-8e1b-4d95-b6a4-2c9e5f1d7a83", "The 1926 pamphlet.")
                    + "<p>In 1926 an amateur meteorologist in Tavers predicted what the town’s climate "
                    "would be like in 2026. A student checked. He was wrong about snow and right, to within "
                    "half a degree, about summers" + ss_fn_anchor(1) + ".</p>",
                ),
                S(
                    "Notes from a night-bus driver",
                    '<h3><a href="https://afterhours-zine.example.com/n14">Notes from a night-bus '
                    "driver</a></h3>"
                    + "<p>Twelve years on the N14, in short paragraphs. Funny, kind, and a little sad about "
                    "the last bus before the depot closes. The bit about the regular who only ever rides "
                    "one stop stayed with me all week.</p>",
                ),
                S(
                    "How a stamp gets chosen",
                    '<h3><a href="https://postalmatters.example.net/stamps">How a stamp gets chosen</a></h3>'
                    + ss_img("d15e7b94-0c3a-4f2e-9a81-7b6d2e0c4f19")
                    + "<p>A committee of nine, a shortlist of forty, and a rule that no living person may "
                    "appear. A tidy explainer with surprisingly high stakes for the designers.</p>",
                ),
                O(
                    "Correction",
                    "<p><em>Correction:</em> last time I said the Valdorne line runs at 19 km/h on "
                    "average. A reader who has timed it tells me it is 17.</p>",
                ),
                C("Share", ss_button(share40, "Share")),
                C("The Long Tab is a reader-supported publication", ss_subscribe()),
                C(
                    "He also predicted flying taxis by 1990",
                    ss_footnote(
                        1, "He also predicted flying taxis by 1990, so let us not get carried away."
                    ),
                ),
            ],
        )
    )

    write(
        "substack-links",
        rss_encoded(
            "The Long Tab",
            LT,
            "Long reads worth the tab, every other Sunday.",
            "Substack",
            posts,
        ),
        posts,
    )


# ================================================================ 3. german-newsletter (WordPress RSS)

WB = "https://wochenblick-kessenbrueck.example.de"


def wp_h(level, text):
    return f'<h{level} class="wp-block-heading">{text}</h{level}>'


def wp_p(text):
    return f"<p>{text}</p>"


def wp_ul(items):
    return '<ul class="wp-block-list">' + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def wp_img(name, alt, caption=None):
    cap = f'<figcaption class="wp-element-caption">{caption}</figcaption>' if caption else ""
    return (
        f'<figure class="wp-block-image size-large"><img decoding="async" width="1024" height="683" '
        f'src="{WB}/wp-content/uploads/2026/03/{name}-1024x683.jpg" alt="{alt}" class="wp-image-4{len(name)}1"'
        f' srcset="{WB}/wp-content/uploads/2026/03/{name}-1024x683.jpg 1024w, '
        f'{WB}/wp-content/uploads/2026/03/{name}-300x200.jpg 300w" sizes="(max-width: 1024px) 100vw, '
        f'1024px" />{cap}</figure>'
    )


def wp_share(slug):
    return (
        '<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social '
        'sd-social-icon-text sd-sharing"><h3 class="sd-title">Teilen mit:</h3><div class="sd-content"><ul>'
        f'<li class="share-facebook"><a rel="nofollow noopener noreferrer" href="{WB}/{slug}/?share=facebook"'
        ' target="_blank" title="Klick, um auf Facebook zu teilen"><span>Facebook</span></a></li>'
        f'<li class="share-email"><a rel="nofollow noopener noreferrer" href="mailto:?subject=%5BGeteilter'
        f'%20Beitrag%5D&amp;body={WB}/{slug}/&amp;share=email" target="_blank" title="Klicken, um einem '
        'Freund einen Link per E-Mail zu senden"><span>E-Mail</span></a></li><li class="share-end"></li>'
        "</ul></div></div></div>"
        '<div id="jp-post-flair" class="sharedaddy sd-like-enabled"><div class="sharedaddy sd-block '
        'sd-like jetpack-likes-widget-wrapper"><h3 class="sd-title">Gefällt mir:</h3><div '
        'class="likes-widget-placeholder post-likes-widget-placeholder"><span class="loading">Wird '
        "geladen …</span></div></div></div>"
    )


def wp_appeared(title, slug):
    return (
        f'<p>Der Beitrag <a rel="nofollow" href="{WB}/{slug}/">{title}</a> erschien zuerst auf '
        f'<a rel="nofollow" href="{WB}">Kessenbrücker Wochenblick</a>.</p>'
    )


def german_newsletter():
    posts = []

    t11 = "Wochenblick KW 11: Vollsperrung, Freibad-Pläne und ein neuer Wochenmarkt"
    s11 = "wochenblick-kw-11-2026"
    posts.append(
        Post(
            t11,
            f"{WB}/{s11}/",
            day(2026, 3, 13, 16, 0),
            author="Jana Wittkamp",
            summary="Die Bahnhofstraße wird gesperrt, das Freibad bekommt einen Zeitplan, und am Samstag "
            "gibt es erstmals einen Abendmarkt.",
            extra={"categories": ["Wochenblick", "Rathaus", "Verkehr"]},
            blocks=[
                R(
                    wp_p(
                        "Moin zusammen, diese Woche hatte es in sich: Der Stadtrat hat bis kurz vor "
                        "Mitternacht getagt, und auf der Bahnhofstraße stehen schon die ersten Baken. "
                        "Hier ist, was Ihr wissen müsst."
                    )
                ),
                S(
                    "Neues aus dem Rathaus",
                    wp_h(2, "Neues aus dem Rathaus")
                    + wp_p(
                        "Der Stadtrat hat am Dienstag den Haushalt für 2026 beschlossen, mit 19 zu 8 "
                        "Stimmen. Die Grundsteuer bleibt unverändert, dafür steigen die Gebühren für die "
                        "Musikschule um zehn Prozent. Bürgermeisterin Renate Ohlsen sprach von einem "
                        "„Haushalt ohne Spielraum“; die Opposition kritisierte, dass für den Radweg nach "
                        "Osterwede erneut kein Geld eingeplant ist."
                    )
                    + wp_p(
                        "Außerdem beschlossen: Die Stadtbücherei öffnet ab April auch samstags, und der "
                        "Parkplatz am Friedhof wird für 60.000 Euro neu gepflastert."
                    ),
                ),
                S(
                    "Bahnhofstraße: Vollsperrung ab Montag, 16. März",
                    wp_h(2, "Bahnhofstraße: Vollsperrung ab Montag, 16. März")
                    + wp_img("bahnhofstrasse-baustelle", "Baustellenschild an der Bahnhofstraße")
                    + wp_p(
                        "Zwischen der Einmündung Mühlenweg und dem Bahnhofsvorplatz wird ab Montag die "
                        "Wasserleitung erneuert. Die Straße ist bis voraussichtlich Ende Mai voll "
                        "gesperrt, Fußgänger kommen an der Baustelle vorbei. Die Buslinie 412 fährt eine "
                        "Umleitung über die Lindenallee; die Haltestelle „Post“ entfällt."
                    )
                    + wp_p(
                        "Die Geschäfte in der Bahnhofstraße bleiben geöffnet. Der Gewerbeverein verteilt "
                        "Lagepläne mit den Zugängen, und die Stadtwerke bieten am Donnerstag um 18 Uhr eine "
                        "Sprechstunde im Rathaus an."
                    ),
                ),
                C(
                    "Anzeige",
                    '<div class="wp-block-group has-background" style="background-color:#f3efe6">'
                    '<div class="wp-block-group__inner-container">'
                    '<p class="has-small-font-size"><strong>Anzeige</strong></p>'
                    + wp_h(3, "Frische Brötchen ab 6 Uhr – jetzt auch am Markt")
                    + wp_p(
                        "Die Bäckerei Holtkamp eröffnet ihre zweite Filiale am Marktplatz 7. Zur Eröffnung "
                        "am Samstag gibt es jedes dritte Franzbrötchen gratis."
                    )
                    + "</div></div>",
                    alts=("Frische Brötchen ab 6 Uhr – jetzt auch am Markt",),
                ),
                S(
                    "Freibad: Sanierung soll 2027 beginnen",
                    wp_h(2, "Freibad: Sanierung soll 2027 beginnen")
                    + wp_p(
                        "Lange war unklar, ob das Freibad am Kalkberg überhaupt noch eine Zukunft hat. "
                        "Jetzt gibt es einen Zeitplan: Nach der Saison 2026 wird das Becken abgelassen, ab "
                        "Frühjahr 2027 wird saniert, Wiedereröffnung ist für Juni 2028 geplant. Das Land "
                        "übernimmt 2,1 der veranschlagten 3,4 Millionen Euro."
                    )
                    + wp_p(
                        "Der Förderverein „Rettet unser Freibad“ zeigte sich erleichtert, will aber "
                        "darauf achten, dass das Sprungbrett erhalten bleibt. Das sei, so die Vorsitzende "
                        "Heike Brandes, „nicht verhandelbar“."
                    ),
                ),
                S(
                    "Kurz notiert",
                    wp_h(2, "Kurz notiert")
                    + wp_ul(
                        [
                            "Die Grundschule am Wall sucht Lesepatinnen und Lesepaten, Infos im Sekretariat.",
                            "Im Stadtpark sind vier neue Bänke aufgestellt worden, gespendet vom Lions Club.",
                            "Der Glascontainer an der Schützenstraße zieht um auf den Parkplatz am Edeka.",
                            "Die Freiwillige Feuerwehr Kessenbrück hat 2025 insgesamt 143 Einsätze gefahren.",
                        ]
                    ),
                ),
                S(
                    "Termine der Woche",
                    wp_h(2, "Termine der Woche")
                    + wp_ul(
                        [
                            "<strong>Sa., 14. März, 16–21 Uhr:</strong> erster Abendmarkt auf dem Marktplatz",
                            "<strong>So., 15. März, 11 Uhr:</strong> Vernissage „Flusslandschaften“ in der "
                            "Alten Molkerei",
                            "<strong>Mi., 18. März, 19 Uhr:</strong> Bürgerversammlung zum Radverkehrskonzept, "
                            "Aula der Gesamtschule",
                        ]
                    ),
                ),
                C(
                    "Bis nächste Woche",
                    wp_p("Bis nächste Woche!<br>Eure Jana vom Wochenblick"),
                ),
                C("Teilen mit", wp_share(s11), alts=("Gefällt mir",)),
                C(
                    f"Der Beitrag {t11} erschien zuerst auf Kessenbrücker Wochenblick",
                    wp_appeared(t11, s11),
                ),
            ],
        )
    )

    t12 = "Wochenblick KW 12: Stadtfest-Programm, Ärger um Parkgebühren"
    s12 = "wochenblick-kw-12-2026"
    posts.append(
        Post(
            t12,
            f"{WB}/{s12}/",
            day(2026, 3, 20, 16, 0),
            author="Felix Dornbusch",
            summary="Das Stadtfest-Programm ist da, die Parkgebühren sorgen für Streit.",
            extra={"categories": ["Wochenblick", "Kultur", "Verkehr"]},
            blocks=[
                R(
                    "<p>Liebe Leserinnen und Leser,</p>\n<p>in dieser Ausgabe geht es um Musik, um "
                    "Parkscheine und um einen Aufstieg, mit dem niemand mehr gerechnet hatte.</p>\n"
                ),
                S(
                    "Stadtfest 2026: Das Programm steht",
                    "<h3>Stadtfest 2026: Das Programm steht</h3>\n"
                    f'<p><img loading="lazy" class="alignright size-medium wp-image-4412" '
                    f'src="{WB}/wp-content/uploads/2026/03/stadtfest-plakat-212x300.jpg" alt="Plakat" '
                    'width="212" height="300" />Vom 12. bis 14. Juni feiert Kessenbrück sein 38. Stadtfest. '
                    "Auf der Bühne am Markt spielen unter anderem die Kessenbrücker Blasmusik, die "
                    "Coverband „Kellerkinder“ und am Samstagabend die Singer-Songwriterin Mara Lüdeking. "
                    "Neu ist eine Kinderbühne im Stadtpark.</p>\n"
                    "<p>Das Feuerwerk fällt in diesem Jahr aus; stattdessen gibt es am Sonntag eine "
                    "Lichtershow auf der Mulde. Der Eintritt bleibt frei.</p>\n",
                ),
                S(
                    "„Abzocke“ oder überfällig? Streit um neue Parkgebühren",
                    "<h3>„Abzocke“ oder überfällig? Streit um neue Parkgebühren</h3>\n"
                    "<p>Ab dem 1. April kostet eine Stunde Parken in der Innenstadt 1,50 Euro statt bisher "
                    "einem Euro, die Brötchentaste mit 15 Minuten gratis fällt weg. Der Gewerbeverein "
                    "spricht von „Abzocke“ und hat 1.200 Unterschriften gesammelt. Die Stadt verweist auf "
                    "die Nachbarstädte, wo längst mehr verlangt wird, und auf die Einnahmen, die in den "
                    "neuen Busbahnhof fließen sollen.</p>\n"
                    "<p>Am Mittwoch diskutiert der Verkehrsausschuss die Petition. Die Sitzung ist "
                    "öffentlich.</p>\n",
                ),
                C(
                    "Gesponsert",
                    '<p style="text-align: center;"><span style="font-size: 10pt;">Gesponsert</span><br />\n'
                    "<strong>Autohaus Siemering: Frühjahrs-Check für 49 Euro</strong><br />\nReifenwechsel, "
                    'Lichttest und Ölstand in einem Termin. <a href="https://autohaus-siemering.example.de">'
                    "Jetzt buchen</a></p>\n",
                    alts=("Autohaus Siemering: Frühjahrs-Check für 49 Euro",),
                ),
                S(
                    "Aus dem Verein: TSV Kessenbrück steigt auf",
                    "<h3>Aus dem Verein: TSV Kessenbrück steigt auf</h3>\n"
                    "<p>Mit einem 3:1 gegen Eintracht Wellborn hat die Handballmannschaft des TSV "
                    "Kessenbrück drei Spieltage vor Schluss den Aufstieg in die Landesliga perfekt "
                    "gemacht. Trainer Olaf Reinecke hatte die Mannschaft im Herbst auf dem vorletzten "
                    "Platz übernommen.</p>\n",
                ),
                S(
                    "Kurz notiert",
                    "<h3>Kurz notiert</h3>\n<ul>\n"
                    "<li>Die Apotheke am Markt hat neue Öffnungszeiten: samstags nur noch bis 13 Uhr.</li>\n"
                    "<li>Der Wertstoffhof bleibt am Karfreitag geschlossen.</li>\n"
                    "<li>Gesucht: Wer hat am Dienstag einen blauen Kinderroller am Bahnhof gefunden?</li>\n"
                    "</ul>\n",
                ),
                C(
                    "Viele Grüße",
                    "<p>Viele Grüße und ein schönes Wochenende,<br />\nFelix Dornbusch</p>\n",
                ),
                C(
                    f"Der Beitrag {t12} erschien zuerst auf Kessenbrücker Wochenblick",
                    wp_appeared(t12, s12),
                ),
            ],
        )
    )

    write(
        "german-newsletter",
        rss_encoded(
            "Kessenbrücker Wochenblick",
            WB,
            "Was diese Woche in Kessenbrück wichtig war",
            "https://wordpress.org/?v=6.7.2",
            posts,
            language="de-DE",
        ),
        posts,
    )


# ================================================================ 4. podcast-and-release (Planet aggregator, Atom)

PW = "https://planet.wrenfield.example.org"


def podcast_and_release():
    posts = []

    tk = "https://tinkerershour.example.org"
    posts.append(
        Post(
            "Episode 47: The repair café that fixed 3,000 toasters",
            f"{tk}/episodes/47-repair-cafe",
            day(2026, 4, 2, 5, 0),
            author="The Tinkerers Hour",
            extra={"source": ("The Tinkerers Hour", f"{tk}/")},
            whole=True,
            blocks=[
                R(
                    "<p>This week Odile and Sam visit the Wrenfield Repair Café, which has met on the "
                    "first Saturday of every month since 2014 and has kept, by its own count, 3,112 "
                    "toasters out of landfill. We talk to its founder, Bernadette Kuyper, about fuses, "
                    "volunteers who only fix lamps, and why the hardest repair is the one where the owner "
                    "watches.</p>"
                    "<p>Recorded live in the back room of the Wrenfield Institute, with the usual "
                    "background clatter.</p>"
                    "<h3>Chapters</h3>"
                    "<p><strong>00:00</strong> Intro</p>"
                    "<p><strong>01:45</strong> How the repair café started</p>"
                    "<p><strong>09:30</strong> The toaster count, and how it is kept</p>"
                    "<p><strong>18:12</strong> Volunteers, specialists and the lamp guy</p>"
                    "<p><strong>27:40</strong> Repairs that went wrong</p>"
                    "<p><strong>36:05</strong> Right-to-repair and spare parts</p>"
                    "<p><strong>44:20</strong> Listener question: can you fix a kettle element?</p>"
                    "<p><strong>51:58</strong> Outro</p>"
                    "<h3>Links</h3><ul>"
                    '<li><a href="https://repaircafe-wrenfield.example.org">Wrenfield Repair Café</a></li>'
                    '<li><a href="https://fixregister.example.org">The Open Fix Register</a>, where the '
                    "toaster count lives</li>"
                    '<li><a href="https://tinkerershour.example.org/episodes/31-kettles">Episode 31: '
                    "Kettles</a>, which Sam mentions twice</li></ul>"
                    "<p>Hosted by Odile Marsh and Sam Achterberg. Edited by Ruth Penhale. Music: "
                    "“Workbench” by the Solder Sisters.</p>"
                ),
                C(
                    "Support the show on Patreon",
                    '<p><a href="https://patreon.example.com/tinkerershour">Support the show on Patreon</a> '
                    "and get episodes a week early.</p>",
                ),
            ],
        )
    )

    th = "https://tallyhook.example.dev"
    posts.append(
        Post(
            "Tallyhook 2.7.0 released",
            f"{th}/blog/2026/04/tallyhook-2-7-0/",
            day(2026, 4, 3, 14, 30),
            author="Tallyhook project",
            extra={"source": ("Tallyhook blog", f"{th}/blog/")},
            whole=True,
            blocks=[
                R(
                    "<p>Tallyhook 2.7.0 is out. This release brings recurring transactions, a much faster "
                    "importer and a long list of fixes from the spring bug hunt. Thanks to the 14 people "
                    "who contributed code, translations or bug reports.</p>"
                    "<h2>Features</h2><ul>"
                    "<li>Recurring transactions: mark any transaction as monthly, quarterly or yearly and "
                    "Tallyhook will add the next one when it is due (#812).</li>"
                    "<li>The CSV importer is about five times faster on large files and now remembers the "
                    "column mapping per bank (#790, #844).</li>"
                    "<li>New <code>tallyhook report --by-tag</code> command.</li>"
                    "<li>Danish and Slovenian translations.</li></ul>"
                    "<h2>Bug fixes</h2><ul>"
                    "<li>Fixed rounding of currency amounts with three decimal places (#801).</li>"
                    "<li>The budget view no longer shows last year's totals in January (#823).</li>"
                    "<li>Exporting to ODS no longer drops the last row (#830).</li>"
                    "<li>Fixed a crash when a category name contained a slash (#837).</li></ul>"
                    "<h2>Upgrading</h2>"
                    "<p>The database schema changes in this release. Tallyhook migrates it on first start "
                    "and keeps a backup next to your ledger file, but if you sync the ledger between "
                    "machines, upgrade all of them before you open it again. From pip:</p>"
                    "<pre><code>pip install --upgrade tallyhook==2.7.0\ntallyhook db check</code></pre>"
                    "<p>Packages for Debian and Fedora will follow within the week. The full changelog is "
                    f'<a href="{th}/changelog/#2-7-0">on the website</a>.</p>'
                ),
            ],
        )
    )

    sp = "https://smallpotkitchen.example.com"
    posts.append(
        Post(
            "Smoked paprika and white bean stew",
            f"{sp}/2026/04/smoked-paprika-white-bean-stew/",
            day(2026, 4, 4, 9, 15),
            author="Small Pot Kitchen",
            extra={"source": ("Small Pot Kitchen", f"{sp}/")},
            whole=True,
            blocks=[
                R(
                    "<p>This is the stew I make on the first cold evening of every autumn and, it turns "
                    "out, on the last cold evening of every spring. It takes forty minutes, one pot and "
                    "things you probably have in the cupboard. The smoked paprika does most of the work.</p>"
                    f'<figure><img src="{sp}/wp-content/uploads/2026/04/bean-stew.jpg" alt="A pot of '
                    'bean stew" width="1200" height="800"></figure>'
                    "<h2>Ingredients</h2><ul>"
                    "<li>3 tbsp olive oil</li><li>1 large onion, diced</li>"
                    "<li>3 cloves garlic, sliced</li><li>2 tsp smoked paprika</li>"
                    "<li>1 tsp ground cumin</li><li>1 tin (400 g) chopped tomatoes</li>"
                    "<li>2 tins (400 g each) white beans, drained</li>"
                    "<li>500 ml vegetable stock</li><li>2 handfuls spinach</li>"
                    "<li>Salt, pepper and a squeeze of lemon</li></ul>"
                    "<h2>Method</h2><ol>"
                    "<li>Warm the oil in a heavy pot and cook the onion over a medium heat for ten minutes, "
                    "until soft and golden.</li>"
                    "<li>Add the garlic, paprika and cumin and stir for one minute, until it smells "
                    "smoky.</li>"
                    "<li>Add the tomatoes, beans and stock. Simmer, half covered, for 20 minutes.</li>"
                    "<li>Mash a ladleful of beans against the side of the pot to thicken the stew.</li>"
                    "<li>Stir in the spinach until it wilts, then season with salt, pepper and lemon.</li>"
                    "</ol>"
                    "<h2>Notes</h2>"
                    "<p>Any white bean works; butter beans make it richer. If you only have sweet paprika, "
                    "add a pinch of chilli flakes. It keeps for four days in the fridge and tastes better "
                    "on the second.</p>"
                ),
            ],
        )
    )

    wa = "https://wrenfieldaudio.example.org"
    posts.append(
        Post(
            "This week on Wrenfield Audio: a live show, a new co-host and a season finale",
            f"{wa}/news/2026-04-05-this-week/",
            day(2026, 4, 5, 8, 0),
            author="Wrenfield Audio",
            extra={"source": ("Wrenfield Audio network news", f"{wa}/news/")},
            blocks=[
                R("<p>Here is what is happening across the network's six shows this week.</p>"),
                S(
                    "The Tinkerers Hour records live at the library",
                    "<h2>The Tinkerers Hour records live at the library</h2>"
                    "<p>Odile and Sam are taking the show on the road, all of 400 metres, to the "
                    "Wrenfield Central Library on Thursday 16 April at 7pm. Bring a broken thing; the "
                    "best three stories will be fixed on stage. Tickets are free but limited to 80, and "
                    "the last live show ran out in a day.</p>",
                ),
                S(
                    "Two Pans welcomes Aditi Rao as co-host",
                    "<h2>Two Pans welcomes Aditi Rao as co-host</h2>"
                    "<p>After Marco Lindell stepped back in February, Two Pans has a new second pan: "
                    "Aditi Rao, who runs the supper club at the old bus depot and has been a guest three "
                    "times. Her first episode, about the perfect dal, is out on Tuesday.</p>",
                ),
                S(
                    "Off the Map ends its third season on Friday",
                    "<h2>Off the Map ends its third season on Friday</h2>"
                    "<p>The season finale follows the lost Wrenfield-to-Cleeve canal from its silted "
                    "basin to the last surviving lock. Host Gideon Farr says season four is already "
                    "being recorded and will start in September.</p>",
                ),
                S(
                    "Night Desk is back from its break",
                    "<h2>Night Desk is back from its break</h2>"
                    "<p>The late-night phone-in returns on Sunday at 10pm after a month off. "
                    "The first theme: the job you had that nobody believes.</p>",
                ),
                C(
                    "Happy listening",
                    "<p>Happy listening, and see you next week.<br>— the Wrenfield Audio team</p>",
                ),
            ],
        )
    )

    write(
        "podcast-and-release",
        atom(
            "Planet Wrenfield",
            f"{PW}/",
            f"{PW}/atom.xml",
            f"{PW}/atom.xml",
            "Venus",
            posts,
            sources=True,
        ),
        posts,
    )


# ================================================================ 5. table-email (TLDR-style e-mails as sent)

SW = "https://stackwise.example.com"
SW_FONT = "font-family:Helvetica,Arial,sans-serif;font-size:16px;line-height:24px;color:#1f1f1f"
SW_TABLE = 'width="100%" cellpadding="0" cellspacing="0" border="0" role="presentation"'


def sw_open():
    return (
        '<div style="background-color:#f3f3f3"><table align="center" class="container" '
        f'{SW_TABLE} style="max-width:600px;background-color:#ffffff"><tr><td '
        'class="container-padding" style="padding:0 24px">'
    )


def sw_close():
    return "</td></tr></table></div>"


def sw_spacer(h=20):
    return (
        f'<table {SW_TABLE}><tr><td height="{h}" style="font-size:{h}px;line-height:{h}px">&nbsp;</td>'
        f'</tr></table><img src="{SW}/img/spacer.gif" width="1" height="1" alt="" style="display:block">'
    )


def sw_row(inner, align="left"):
    return (
        f'<table {SW_TABLE}><tr><td class="text-block" align="{align}" style="padding:8px 0;{SW_FONT}">'
        f"{inner}</td></tr></table>"
    )


def sw_story(url, title, blurb):
    return sw_row(
        f'<div class="text-block"><span><a href="{url}?utm_source=stackwise" target="_blank" '
        'rel="noopener noreferrer" style="color:#1f1f1f;text-decoration:none"><span><strong>'
        f"{title}</strong></span></a><br><br><span>{blurb}</span></span></div>"
    )


def sw_cat_h2(emoji, label):
    return (
        f'<table {SW_TABLE}><tr><td align="center" style="padding:16px 0 4px">'
        f'<h2 style="font-size:20px;margin:0;{SW_FONT}">{emoji + "<br>" if emoji else ""}{label}</h2>'
        "</td></tr></table>"
    )


def sw_cat_caps(label):
    return (
        f'<table {SW_TABLE}><tr><td style="padding:18px 0 2px;font-weight:bold;text-transform:uppercase;'
        f'letter-spacing:1px;border-bottom:2px solid #1f1f1f;{SW_FONT}">{label}</td></tr></table>'
    )


def sw_head(name, date, slug):
    return [
        C(
            "Sign Up",
            sw_row(
                f'<a href="{SW}/signup">Sign Up</a> | <a href="{SW}/advertise">Advertise</a> | '
                f'<a href="{SW}/{slug}/{date}">View Online</a>',
                "center",
            ),
            alts=("View Online",),
        ),
        C(
            f"{name} {date}",
            f'<table {SW_TABLE}><tr><td align="center" style="padding:12px 0"><img src="{SW}/img/logo.png" '
            f'width="180" alt="Stackwise"><h1 style="font-size:22px;margin:8px 0 0">{name} {date}</h1></td>'
            "</tr></table>",
        ),
    ]


def sw_referral(code):
    return sw_row(
        '<div style="background-color:#fff6d9;padding:16px;text-align:center"><strong>Love Stackwise? Tell '
        "your friends and get rewards!</strong><br><br>Share your referral link below with friends to get "
        "free Stackwise swag.<br><br>"
        f'<a href="{SW}/r/{code}">{SW}/r/{code}</a><br><br>Track your referrals '
        f'<a href="{SW}/referrals/{code}">here</a>.</div>',
        "center",
    )


def sw_footer(editors):
    return sw_row(
        '<div style="font-size:13px;line-height:20px;color:#6b6b6b;text-align:center">'
        f'Want to advertise in Stackwise? Over 410,000 engineers read it. <a href="{SW}/advertise">Learn '
        f"more</a>.<br><br>{editors}<br><br>If you don't want to receive future editions of Stackwise, please "
        f'<a href="{SW}/unsubscribe?ep=1&amp;lc=7f3a">unsubscribe here</a>.<br>Stackwise Media, 88 Calloway '
        "Row, Portland, OR 97205</div>",
        "center",
    )


def table_email():
    posts = []

    # ---- Stackwise Daily: <h2> category rows, a sponsor on top and one inside a category
    posts.append(
        Post(
            "Stackwise Daily 2026-03-10",
            f"{SW}/daily/2026-03-10",
            day(2026, 3, 10, 11, 5),
            blocks=[
                R(sw_open()),
                *sw_head("Stackwise Daily", "2026-03-10", "daily"),
                R(sw_spacer()),
                C(
                    "Ship internal tools in an afternoon with Gridwell",
                    sw_story(
                        "https://gridwell.example.com/stackwise",
                        "Ship internal tools in an afternoon with Gridwell (Sponsor)",
                        "Gridwell turns your Postgres tables into admin panels, approval flows and "
                        "dashboards without a front-end sprint. Teams at 3,000 companies use it to stop "
                        "writing CRUD screens. <strong>Start free, no card required.</strong>",
                    ),
                ),
                R(sw_spacer()),
                C("Headlines & Launches", sw_cat_h2("🚀", "Headlines &amp; Launches")),
                S(
                    "Corvid Labs raises $140M to build chips for on-device inference",
                    sw_story(
                        "https://the-ledgerline.example.com/corvid-series-c",
                        "Corvid Labs raises $140M to build chips for on-device inference (3 minute read)",
                        "Corvid Labs, founded by two former mobile GPU engineers, closed a Series C led by "
                        "Halden Ventures. Its first chip, due next year, runs 8-billion-parameter models on "
                        "a phone at under two watts. The company says three handset makers have signed "
                        "design agreements, though it would not name them.",
                    ),
                ),
                S(
                    "Peregrine Cloud cuts egress fees to zero for EU customers",
                    sw_story(
                        "https://peregrine.example.com/blog/egress",
                        "Peregrine Cloud cuts egress fees to zero for EU customers (2 minute read)",
                        "Peregrine will stop charging for data transferred out of its EU regions from "
                        "April, ahead of new switching rules. Customers elsewhere still pay $0.07 per GB.",
                    ),
                ),
                R(sw_spacer()),
                C("Deep Dives & Analysis", sw_cat_h2("🧠", "Deep Dives &amp; Analysis")),
                S(
                    "How Tessellate rebuilt its search index without downtime",
                    sw_story(
                        "https://engineering.tessellate.example.com/search-reindex",
                        "How Tessellate rebuilt its search index without downtime (11 minute read)",
                        "Tessellate's search team needed to change the tokenizer for 2.4 billion documents "
                        "without a maintenance window. They ran old and new indexes side by side for six "
                        "weeks, compared results on 1% of live queries, and switched over shard by shard. "
                        "The post covers the dual-write layer, the comparison tooling and the two bugs "
                        "only real traffic found.",
                    ),
                ),
                S(
                    "The quiet death of the staging environment",
                    sw_story(
                        "https://mirelle.example.dev/posts/staging",
                        "The quiet death of the staging environment (7 minute read)",
                        "More teams are skipping staging altogether in favour of feature flags and "
                        "production canaries. This essay argues that staging never caught the bugs that "
                        "mattered, and lists the three conditions under which it is still worth keeping.",
                    ),
                ),
                R(sw_spacer()),
                C("Engineering & Research", sw_cat_h2("💻", "Engineering &amp; Research")),
                S(
                    "Loomline",
                    sw_story(
                        "https://github.com/loomline/loomline",
                        "Loomline (GitHub Repo)",
                        "Loomline is a terminal UI for tailing logs from many containers at once, with "
                        "per-service colours, regex filters and a timeline scrubber.",
                    ),
                ),
                C(
                    "Your on-call rotation deserves better than a spreadsheet",
                    sw_story(
                        "https://pagerlight.example.com/stackwise",
                        "Your on-call rotation deserves better than a spreadsheet (Sponsor)",
                        "Pagerlight schedules rotations, escalates alerts and writes the incident timeline "
                        "for you. Free for teams of up to ten.",
                    ),
                ),
                S(
                    "Why our p99 latency doubled after a kernel upgrade",
                    sw_story(
                        "https://blog.fernwick.example.com/p99-kernel",
                        "Why our p99 latency doubled after a kernel upgrade (9 minute read)",
                        "A change in the default I/O scheduler made tail latencies on Fernwick's database "
                        "hosts jump from 12 to 25 milliseconds. Finding it took a week of flame graphs; "
                        "fixing it took one line of configuration.",
                    ),
                ),
                R(sw_spacer()),
                C("Quick Links", sw_cat_h2("🎁", "Quick Links")),
                S(
                    "Brightmoor open-sources its feature-flag SDK",
                    sw_story(
                        "https://brightmoor.example.com/blog/open-sdk",
                        "Brightmoor open-sources its feature-flag SDK (2 minute read)",
                        "The SDKs for Go, Python and TypeScript are now Apache-licensed.",
                    ),
                ),
                S(
                    "A visual guide to consistent hashing",
                    sw_story(
                        "https://drawnsystems.example.org/consistent-hashing",
                        "A visual guide to consistent hashing (6 minute read)",
                        "Interactive diagrams show what happens to keys when nodes join and leave a ring.",
                    ),
                ),
                R(sw_spacer()),
                C("Love Stackwise? Tell your friends and get rewards", sw_referral("d41c07")),
                C(
                    "Want to advertise in Stackwise",
                    sw_footer("Thanks for reading,<br>Dana Whitlock &amp; Ravi Sethuraman"),
                ),
                R(sw_close()),
            ],
        )
    )

    # ---- Stackwise AI: upper-case bold <td> category rows
    posts.append(
        Post(
            "Stackwise AI 2026-03-11",
            f"{SW}/ai/2026-03-11",
            day(2026, 3, 11, 11, 10),
            blocks=[
                R(sw_open()),
                *sw_head("Stackwise AI", "2026-03-11", "ai"),
                R(sw_spacer(12)),
                C("Headlines & Launches", sw_cat_caps("Headlines &amp; Launches")),
                S(
                    "Mistwell releases an open-weight 30B model with a 1M-token context",
                    sw_story(
                        "https://mistwell.example.ai/blog/mw-30b",
                        "Mistwell releases an open-weight 30B model with a 1M-token context (4 minute read)",
                        "Mistwell's new model matches last year's frontier systems on coding benchmarks and "
                        "keeps accuracy above 90% on long-context retrieval tests at the full million "
                        "tokens. The weights are under a permissive licence, with a clause against "
                        "training competing models that lawyers are already arguing about.",
                    ),
                ),
                S(
                    "Orchard Health pauses its AI triage pilot",
                    sw_story(
                        "https://healthwire.example.com/orchard-pause",
                        "Orchard Health pauses its AI triage pilot (3 minute read)",
                        "The hospital group halted the pilot in two emergency departments after nurses "
                        "reported the system consistently under-rated chest pain in women. An external "
                        "review is due in May.",
                    ),
                ),
                R(sw_spacer(12)),
                C(
                    "Label 10,000 images before lunch",
                    sw_story(
                        "https://tagforge.example.com/stackwise",
                        "Label 10,000 images before lunch (Sponsor)",
                        "TagForge pre-labels your dataset with a model you choose and sends only the "
                        "uncertain cases to human reviewers. Get 2,000 free labels this month.",
                    ),
                ),
                R(sw_spacer(12)),
                C("Research & Innovation", sw_cat_caps("Research &amp; Innovation")),
                S(
                    "Small models learn arithmetic faster from shuffled digits",
                    sw_story(
                        "https://arxiv-digest.example.org/shuffled-digits",
                        "Small models learn arithmetic faster from shuffled digits (12 minute read)",
                        "Researchers at the University of Lisle found that reversing or shuffling digit "
                        "order during training helps 100M-parameter models learn multi-digit addition in a "
                        "third of the steps. The effect disappears above a billion parameters, which the "
                        "authors cannot yet explain.",
                    ),
                ),
                S(
                    "What evaluation leaderboards miss",
                    sw_story(
                        "https://notebook.halvorsen.example.net/leaderboards",
                        "What evaluation leaderboards miss (8 minute read)",
                        "A former benchmark maintainer on contamination, prompt sensitivity and why the top "
                        "five places on most leaderboards are statistically tied.",
                    ),
                ),
                R(sw_spacer(12)),
                C("Quick Links", sw_cat_caps("Quick Links")),
                S(
                    "Promptcraft",
                    sw_story(
                        "https://promptcraft.example.dev",
                        "Promptcraft (Website)",
                        "A shared library of prompts with version history and A/B test results.",
                    ),
                ),
                S(
                    "Running a 7B model on a Raspberry Pi 6",
                    sw_story(
                        "https://tinyinference.example.org/pi6",
                        "Running a 7B model on a Raspberry Pi 6 (5 minute read)",
                        "Four tokens a second, a heatsink, and a lot of patience.",
                    ),
                ),
                R(sw_spacer(12)),
                C("Love Stackwise? Tell your friends and get rewards", sw_referral("a90e5b")),
                C(
                    "Want to advertise in Stackwise",
                    sw_footer("Thanks for reading,<br>Leonie Brandt"),
                ),
                R(sw_close()),
            ],
        )
    )

    # ---- Stackwise Weekly Links: categories of bare links, each category one story (rule 4)
    def links(items):
        return sw_row(
            "".join(
                f'<p style="margin:0 0 10px"><a href="{u}" style="color:#1f1f1f">{t}</a> '
                f'<span style="font-size:13px;color:#8a8a8a">(<a href="https://news.stackwise.example.com/'
                f'item?id={i}" style="color:#8a8a8a">comments</a>)</span></p>'
                for t, u, i in items
            )
        )

    posts.append(
        Post(
            "Stackwise Weekly Links #212",
            f"{SW}/weekly/212",
            day(2026, 3, 13, 15, 0),
            blocks=[
                R(sw_open()),
                C(
                    "View Online",
                    sw_row(f'<a href="{SW}/weekly/212">View Online</a>', "center"),
                ),
                R(
                    sw_row(
                        "<p>Hi all, here are the links that got the most attention on Stackwise News this "
                        "week. Enjoy!</p>"
                    )
                ),
                C(
                    "Turn your incident notes into postmortems automatically",
                    sw_story(
                        "https://retrospect.example.com/weekly",
                        "Turn your incident notes into postmortems automatically (Sponsor)",
                        "Retrospect reads your incident channel and drafts the timeline, impact and "
                        "follow-ups. Try it on your last outage.",
                    ),
                ),
                S(
                    "Favorites",
                    sw_cat_h2("", "Favorites")
                    + links(
                        [
                            (
                                "I replaced our message queue with a Postgres table",
                                "https://harlow.example.dev/queue",
                                400112,
                            ),
                            (
                                "The typewriter that still runs a county court",
                                "https://courtnotes.example.org/typewriter",
                                400287,
                            ),
                            (
                                "Show SN: A pixel-art editor in 4 KB",
                                "https://pix4k.example.app",
                                400305,
                            ),
                        ]
                    ),
                ),
                S(
                    "Programming",
                    sw_cat_h2("", "Programming")
                    + links(
                        [
                            (
                                "Error handling patterns in five languages",
                                "https://codeatlas.example.com/errors",
                                400133,
                            ),
                            (
                                "Writing a regex engine in an afternoon",
                                "https://smallcompilers.example.net/regex",
                                400178,
                            ),
                            (
                                "Why Make is still here",
                                "https://buildlore.example.org/make",
                                400241,
                            ),
                            (
                                "Property-based testing for skeptics",
                                "https://testfield.example.dev/pbt",
                                400266,
                            ),
                        ]
                    ),
                ),
                S(
                    "Design",
                    sw_cat_h2("", "Design")
                    + links(
                        [
                            (
                                "The forms that everyone abandons",
                                "https://uxledger.example.com/forms",
                                400150,
                            ),
                            (
                                "A type specimen for railway signage",
                                "https://typeyard.example.org/rail",
                                400219,
                            ),
                        ]
                    ),
                ),
                S(
                    "Weekend Reading",
                    sw_cat_h2("", "Weekend Reading")
                    + links(
                        [
                            (
                                "The last lighthouse engineers",
                                "https://longwave-mag.example.com/lighthouse",
                                400101,
                            ),
                            (
                                "How a small town built its own fibre network",
                                "https://civicwire.example.org/fibre",
                                400199,
                            ),
                        ]
                    ),
                ),
                C("Love Stackwise? Tell your friends and get rewards", sw_referral("c07b12")),
                C(
                    "Want to advertise in Stackwise",
                    sw_footer("Curated by Ravi Sethuraman"),
                ),
                R(sw_close()),
            ],
        )
    )

    write(
        "table-email",
        rss_escaped(
            "Stackwise",
            SW,
            "Byte-sized tech news, as it lands in your inbox",
            posts,
            generator="Stackwise Mailer",
        ),
        posts,
    )


# ================================================================ 6. digest-roundup-numbered-headings (Kit RSS)

CB = "https://commonsbrief.example.com"


def cb_story(n, title, paras, url):
    return (
        f"<h2>{n}. {title}</h2>"
        + "".join(f"<p>{p}</p>" for p in paras)
        + f'<p><a href="{url}" target="_blank" rel="noopener noreferrer">Read more →</a></p>'
    )


def cb_contents(titles, anchors=False):
    if anchors:
        items = "".join(f'<li><a href="#s{i}">{t}</a></li>' for i, t in enumerate(titles, 1))
        return f"<p><strong>In this issue</strong></p><ul>{items}</ul>"
    return "<h3>In this issue</h3><ol>" + "".join(f"<li>{t}</li>" for t in titles) + "</ol>"


def cb_signoff():
    return (
        "<p>Reply to this email if you have a story from your own town: I read every reply, and the "
        "best ones end up in the next issue.</p><p>— Hollis</p>"
    )


def cb_footer():
    return (
        '<div class="ck-footer" style="font-size:12px;color:#777;text-align:center"><p>You are receiving '
        "this because you signed up for The Commons Brief.</p><p>"
        '<a href="https://preferences.kit-mail3.example.com/unsubscribe/3fa91c">Unsubscribe</a> · '
        '<a href="https://preferences.kit-mail3.example.com/update/3fa91c">Update your profile</a> · '
        "17 Tanner Yard, Bristol BS2 0QX</p></div>"
    )


def digest_roundup_numbered_headings():
    posts = []

    t41 = [
        "Ashcombe’s heat network finally switches on",
        "A wind co-op pays its first dividend",
        "Why the grid queue is the real bottleneck",
        "Three towns, one shared electrician",
        "The library that lends heat pumps",
    ]
    posts.append(
        Post(
            "The Commons Brief #41: a heat network, a dividend and a queue",
            f"{CB}/posts/commons-brief-41",
            day(2026, 3, 1, 7, 30),
            author="Hollis Adeyemi",
            blocks=[
                R(
                    "<p>Hi friends,</p><p>Five stories this week about people who own their energy "
                    "together, and one about the queue they all end up standing in.</p>"
                ),
                C("In this issue", cb_contents(t41)),
                S(
                    t41[0],
                    cb_story(
                        1,
                        t41[0],
                        [
                            "Eleven years after the first meeting in the church hall, the Ashcombe heat "
                            "network delivered hot water to its first 140 homes on Monday. The network "
                            "draws heat from the old mine workings under the village, and is owned by a "
                            "community benefit society with 612 members.",
                            "Bills are fixed for five years at about 20% below what residents paid for "
                            "gas. The society’s chair, Rhiannon Pugh, says the hardest part was not the "
                            "engineering but persuading the first fifty households to sign up before a "
                            "single pipe was laid.",
                        ],
                        "https://westcountrywire.example.co.uk/ashcombe-heat",
                    ),
                ),
                S(
                    t41[1],
                    cb_story(
                        2,
                        t41[1],
                        [
                            "Brenmoor Community Wind paid its members 4.1% this month, its first dividend "
                            "since the two turbines went up in 2023. A further £38,000 went into the "
                            "society’s fund for insulating village homes.",
                        ],
                        "https://brenmoorwind.example.org/news/dividend",
                    ),
                ),
                S(
                    t41[2],
                    cb_story(
                        3,
                        t41[2],
                        [
                            "A new report counts 61 community energy projects that are fully funded and "
                            "permitted but waiting for a grid connection, some until 2031. The median wait "
                            "is now six years. The authors argue that connection offers should be "
                            "reordered by readiness rather than by when the application arrived, a change "
                            "the regulator has been consulting on since last summer.",
                            "If you run a project stuck in the queue, the authors want to hear from you.",
                        ],
                        "https://powershare-institute.example.org/grid-queue-2026",
                    ),
                ),
                S(
                    t41[3],
                    cb_story(
                        4,
                        t41[3],
                        [
                            "Lowdon, Fairleigh and Marsh Gibbon could not each justify a full-time "
                            "electrician for their solar co-ops, so they hired one together. Kwame Asante "
                            "now spends two days a week in each town and the third in his van.",
                        ],
                        "https://valegazette.example.co.uk/shared-electrician",
                    ),
                ),
                S(
                    t41[4],
                    cb_story(
                        5,
                        t41[4],
                        [
                            "Stroudley library now lends air-to-air heat pumps for a month at a time, so "
                            "residents can find out whether one heats their front room before they buy.",
                        ],
                        "https://stroudleylibraries.example.org/heat-pumps",
                    ),
                ),
                O(
                    "Before you go",
                    "<p><strong>Before you go:</strong> the Commons Brief meet-up is on 28 March in "
                    "Bristol. Forty places, first come, first served.</p>",
                ),
                C("Reply to this email", cb_signoff()),
                C(
                    "You are receiving this because you signed up for The Commons Brief",
                    cb_footer(),
                ),
            ],
        )
    )

    t42 = [
        "A solar roof for every school in Kettering Vale",
        "What happened when Thornby switched off the streetlights",
        "The co-op that buys its members’ old batteries",
        "Planning reform: what changes for small projects",
    ]
    posts.append(
        Post(
            "The Commons Brief #42: schools, streetlights and second-life batteries",
            f"{CB}/posts/commons-brief-42",
            day(2026, 3, 8, 7, 30),
            author="Hollis Adeyemi",
            blocks=[
                R(
                    "<p>Hi friends,</p><p>A shorter issue this week; the planning story is the long one.</p>"
                ),
                C("In this issue", cb_contents(t42, anchors=True)),
                S(
                    t42[0],
                    cb_story(
                        1,
                        t42[0],
                        [
                            "The Kettering Vale schools trust has finished putting panels on all nineteen "
                            "of its schools, paid for by a community share offer that raised £1.2 million "
                            "in six weeks. The schools buy the power at a fixed price below the grid rate; "
                            "the surplus goes to the trust’s breakfast clubs.",
                        ],
                        "https://midlandsnow.example.co.uk/schools-solar",
                    ),
                ),
                S(
                    t42[1],
                    cb_story(
                        2,
                        t42[1],
                        [
                            "Thornby turned off two thirds of its streetlights between midnight and 5am "
                            "for a one-year trial. Crime did not rise, the parish saved £9,400, and the "
                            "village astronomy club doubled in size. Some residents still want the lights "
                            "back on the lane to the station, and the parish has agreed.",
                        ],
                        "https://thornbyparish.example.org/lights-trial",
                    ),
                ),
                S(
                    t42[2],
                    cb_story(
                        3,
                        t42[2],
                        [
                            "Voltkeep, a co-op in Hallam, collects home batteries when their owners "
                            "upgrade, tests every cell, and rebuilds the good ones into storage for the "
                            "community hall and the allotments.",
                        ],
                        "https://voltkeep.example.coop/about",
                    ),
                ),
                S(
                    t42[3],
                    cb_story(
                        4,
                        t42[3],
                        [
                            "The government’s planning bill passed its final reading on Tuesday. For "
                            "community projects under 5 MW, three things change: a shorter consultation "
                            "period, a default yes for roof-mounted solar on public buildings, and a new "
                            "duty on councils to publish a map of suitable sites.",
                            "What it does not change is the grid queue, which remains, as we wrote last "
                            "week, the real bottleneck. Community Energy Network has written a two-page "
                            "summary for groups deciding whether to apply now or wait.",
                        ],
                        "https://communityenergynetwork.example.org/planning-bill",
                    ),
                ),
                C("Reply to this email", cb_signoff()),
                C(
                    "You are receiving this because you signed up for The Commons Brief",
                    cb_footer(),
                ),
            ],
        )
    )

    posts.append(
        Post(
            "What a year of running a community battery taught us",
            f"{CB}/posts/a-year-of-the-community-battery",
            day(2026, 3, 15, 7, 30),
            author="Hollis Adeyemi",
            whole=True,
            blocks=[
                R(
                    "<p>Hi friends,</p>"
                    "<p>No roundup this week. Instead, something I promised a year ago: an honest account "
                    "of the community battery we installed behind the Fairleigh village hall, written "
                    "with the six volunteers who ran it. It is in four parts: the problem we set out to "
                    "solve, what we tried, what worked, and what we are doing next.</p>"
                    "<h2>1. The problem</h2>"
                    "<p>Fairleigh has 230 houses and, by last spring, 71 rooftop solar systems. On a sunny "
                    "afternoon the village exported almost everything it generated at 4p a unit, then "
                    "bought it back at 28p in the evening. The local substation was also close to its "
                    "limit, which meant the next dozen households who wanted panels were being told to "
                    "wait.</p>"
                    "<h2>2. What we tried</h2>"
                    "<p>We raised £86,000 from 140 members and installed a 200 kWh battery. The first "
                    "plan was simple: charge it from the village's surplus at midday, discharge it into "
                    "the village in the evening, and split the savings. For the first three months it "
                    "barely worked. Our software charged the battery from the grid whenever prices "
                    "dipped, which saved money on paper but did nothing for the substation, and the "
                    "savings were so small per household that nobody noticed them on their bill.</p>"
                    "<h2>3. What worked</h2>"
                    "<p>Two changes turned it round. First, we stopped optimising for price and started "
                    "optimising for the substation: the battery now charges when local export is highest, "
                    "whatever the price. The network operator noticed, and in October agreed to connect "
                    "another 15 rooftop systems. Second, we stopped splitting the savings across every "
                    "bill and put them into one visible thing: the village hall now runs free of energy "
                    "costs, and the money it used to spend on electricity pays for a youth worker two "
                    "evenings a week.</p>"
                    "<h2>4. What's next</h2>"
                    "<p>A second battery at the school, sized using a year of real data instead of our "
                    "guesses, and a share of our control software with three other villages, so that "
                    "none of them has to spend three months learning what we learned.</p>"
                    "<p>If there is one lesson from the year, it is the one the first three parts add up "
                    "to: a community battery is worth what it does for the community, not what it earns "
                    "on the market. We measured the wrong thing for three months, and the right thing "
                    "has been worth far more.</p>"
                ),
                C("Reply to this email", cb_signoff()),
                C(
                    "You are receiving this because you signed up for The Commons Brief",
                    cb_footer(),
                ),
            ],
        )
    )

    write(
        "digest-roundup-numbered-headings",
        rss_encoded(
            "The Commons Brief",
            CB,
            "A weekly brief on community-owned energy, by Hollis Adeyemi.",
            "Kit",
            posts,
            self_path="feed",
        ),
        posts,
    )


def main():
    mailman_digest()
    substack_links()
    german_newsletter()
    podcast_and_release()
    table_email()
    digest_roundup_numbered_headings()


if __name__ == "__main__":
    main()
