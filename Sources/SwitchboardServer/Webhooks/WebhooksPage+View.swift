import Foundation
import SwitchboardCore

/// How WebhooksPage looks: HTML from its model, nothing else.
extension WebhooksPage {
    static func render(_ model: Model, context: PageContext) -> String {
        var content: [Markup] = [
            el("h1", [], text("Webhooks")),
            el("p", [cls("hint")], text("Other helpdesks and systems receive the ticket events they ask for as signed JSON (see the README's Webhooks section for the signature). Deliveries are retried for a day; an endpoint that answers 410 Gone is switched off.")),
            Forms.notice(model.notice, kind: "success"),
            Forms.notice(model.error),
        ]
        if model.endpoints.isEmpty { content.append(el("section", [cls("card")], el("p", [cls("empty")], text("No endpoints yet.")))) }
        for endpoint in model.endpoints { content.append(section(endpoint, context: context)) }
        content.append(registration(model, context: context))
        return Layout.render(title: "Webhooks", context: context, active: .webhooks, group(content))
    }

    static func section(_ endpoint: Endpoint, context: PageContext) -> Markup {
        let hook = endpoint.detail.webhook
        let id = hook.id!
        let kinds = hook.kinds.isEmpty ? "every event" : hook.kinds.replacingOccurrences(of: ",", with: ", ")
        return el("section", [cls("card webhook"), Attr("id", "webhook-\(id.uuidString.lowercased())")],
            el("h2", [], text(hook.url)),
            el("p", [], text("\(endpoint.detail.unitName ?? "Every unit") · \(kinds)\(hook.includeInternal ? " · with internal events" : "") · registered by \(hook.registeredByName)"),
               hook.active ? group([]) : el("span", [cls("badge flag")], text("Switched off"))),
            hook.deactivatedReason.map { el("p", [cls("hint")], text($0)) } ?? group([]),
            el("div", [cls("inline-form")],
               Forms.post(SiteURL.webhookAction(.value(id), .value(hook.active ? "off" : "on")).path, context: context, classes: "inline",
                          [Forms.submit(hook.active ? "Switch off" : "Switch on", kind: "secondary")]),
               Forms.post(SiteURL.webhookAction(.value(id), .value("remove")).path, context: context, classes: "inline",
                          [Forms.submit("Remove", kind: "danger", confirm: "Remove this endpoint and its log?")])),
            endpoint.deliveries.isEmpty ? el("p", [cls("empty")], text("No deliveries yet.")) :
            el("div", [cls("table-wrap")], el("table", [cls("table")],
                el("caption", [cls("visually-hidden")], text("Recent deliveries, newest first")),
                el("thead", [], el("tr", [], ["Event", "Ticket", "State", "Attempts", "Answer", "Time", "Last error", ""].map { el("th", [Attr("scope", "col")], text($0)) })),
                el("tbody", [], endpoint.deliveries.map { delivery in
                    el("tr", [],
                       el("td", [], text(Format.label(delivery.eventKind)), el("div", [cls("hint")], Format.time(delivery.createdAt, now: context.now))),
                       el("td", [], delivery.ticketID.map { link("#\($0)", SiteURL.ticket(.value($0)).path) } ?? text("—")),
                       el("td", [], text(Format.label(delivery.state.rawValue))),
                       el("td", [cls("number")], text(String(delivery.attempts))),
                       el("td", [], text(delivery.lastStatusCode.map(String.init) ?? "—")),
                       el("td", [cls("number")], text(delivery.lastDurationMilliseconds.map { "\($0) ms" } ?? "—")),
                       el("td", [], text(delivery.lastError ?? "")),
                       el("td", [], Forms.post(SiteURL.webhookRedelivery(.value(id), .value(delivery.id!)).path, context: context, classes: "inline",
                                               [Forms.submit("Redeliver", kind: "secondary")])))
                }))))
    }

    static func registration(_ model: Model, context: PageContext) -> Markup {
        var units = model.units
        if model.mayRegisterForEveryUnit { units.insert(Forms.Option(value: "", label: "Every unit"), at: 0) }
        let kinds = TicketEventKind.allCases.map { Forms.Option(value: $0.rawValue, label: Format.label($0.rawValue)) }
        return el("section", [cls("card"), Attr("id", "register-webhook")], el("h2", [], text("Register an endpoint")),
            Forms.post(SiteURL.webhooks.path, context: context, [
                Forms.field("Address", name: "url", value: model.typed["url"], type: "url", required: true, errors: model.fieldErrors["url"],
                            hint: "The endpoint receives POST requests with the event as JSON.", id: "webhook-url"),
                Forms.select("Unit", name: "unit", options: units, selected: model.typed["unit"], errors: model.fieldErrors["unit"], id: "webhook-unit"),
                Forms.select("Events", name: "events", options: kinds, selectedValues: [], errors: model.fieldErrors["events"], multiple: true, id: "webhook-events"),
                el("p", [cls("hint")], text("None chosen: every event.")),
                Forms.select("Internal events (supporters only)", name: "includeInternal", options: [
                    Forms.Option(value: "false", label: "no"), Forms.Option(value: "true", label: "yes: the endpoint is the unit's own")],
                             selected: model.typed["includeInternal"] ?? "false", id: "webhook-internal"),
                Forms.field("Secret", name: "secret", type: "password", errors: model.fieldErrors["secret"],
                            hint: "Leave it empty and Switchboard makes one, shown once.", id: "webhook-secret"),
                Forms.submit("Register", kind: "secondary")]))
    }
}
