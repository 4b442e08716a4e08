import Fluent
import Foundation
import SwitchboardCore

/// How MailPage looks: HTML from its model, nothing else.
extension MailPage {
    static func render(_ model: Model, context: PageContext) -> String {
        func table(_ messages: [Message], retry: Bool) -> Markup {
            el("div", [cls("table-wrap")], el("table", [cls("table")],
                el("thead", [], el("tr", [], el("th", [], text("Ticket")), el("th", [], text("To")), el("th", [], text("Subject")),
                                   el("th", [], text("Attempts")), el("th", [], text("Last error")), el("th", [], text(retry ? "Failed" : "Next attempt")),
                                   retry ? el("th", [], text("")) : group([]))),
                el("tbody", [], messages.map { message in
                    el("tr", [Attr("id", "mail-\(message.id)")],
                       el("td", [], message.ticket.map { link("#\($0)", SiteURL.ticket(.value($0)).path) } ?? text("—")),
                       el("td", [], text(message.recipients.joined(separator: ", "))),
                       el("td", [], text(message.subject)),
                       el("td", [cls("number")], text(String(message.attempts))),
                       el("td", [], text(message.lastError ?? "—")),
                       el("td", [], Format.time(message.at, now: context.now)),
                       retry ? el("td", [], Forms.post(SiteURL.retryMail(.value(message.id)).path, context: context, classes: "inline",
                                                       [Forms.submit("Retry", kind: "secondary small")])) : group([]))
                })))
        }
        return Layout.render(title: "Mail", context: context, active: .mail, group([
            el("h1", [], text("Mail")),
            Forms.notice(model.notice, kind: "success"),
            Forms.notice(model.deliveryProblem.map { "Mail is not going out. The last attempt said: \($0)" }),
            el("p", [cls("lead")], text("\(model.pendingCount) message\(model.pendingCount == 1 ? "" : "s") waiting to be sent, \(model.failed.count) failed.")),
            el("section", [cls("card")], el("h2", [], text("Failed")),
               model.failed.isEmpty ? el("p", [cls("empty")], text("None.")) : table(model.failed, retry: true)),
            el("section", [cls("card")], el("h2", [], text("Waiting, oldest first")),
               model.pending.isEmpty ? el("p", [cls("empty")], text("None.")) : table(model.pending, retry: false)),
            el("section", [cls("card"), Attr("id", "received")], el("h2", [], text("Received lately")),
               el("p", [cls("hint")], text("What the mail gate took in, newest first. Messages it refused (unknown senders, unreadable mail) are not listed: the mail server returns them to their senders with the reason.")),
               model.received.isEmpty ? el("p", [cls("empty")], text("None.")) : received(model.received, now: context.now)),
        ]))
    }

    static func received(_ messages: [Received], now: Date) -> Markup {
        el("div", [cls("table-wrap")], el("table", [cls("table")],
            el("thead", [], el("tr", [], ["Received", "From", "Message-ID", "Outcome", "Ticket"].map { el("th", [Attr("scope", "col")], text($0)) })),
            el("tbody", [], messages.map { message in
                el("tr", [],
                   el("td", [], Format.time(message.at, now: now)),
                   el("td", [], text(message.sender)),
                   el("td", [cls("message-id")], text(message.messageID)),
                   el("td", [], text(message.outcome)),
                   el("td", [], message.ticket.map { link("#\($0)", SiteURL.ticket(.value($0)).path) } ?? text("—")))
            })))
    }
}
