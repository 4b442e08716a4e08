import Fluent
import Foundation
import SwitchboardCore

/// How TicketPage looks: HTML from its model, nothing else.
extension TicketPage {
    static func render(_ model: Model, context: PageContext) -> String {
        let forms = actionForms(model, context: context)
        return Layout.render(title: "#\(model.id) \(model.subject)", context: context, group([
            el("div", [cls("ticket-head")],
               el("p", [cls("ticket-number")], text("Ticket #\(model.id)")),
               el("h1", [], text(model.subject)),
               el("div", [cls("badges")], Format.status(model.status), Format.priority(model.priority),
                  el("span", [cls("badge category")], text(Format.label(model.category.rawValue))),
                  model.response.map { Format.response($0.colour, dueAt: $0.respondedAt == nil && model.status.isOpen ? $0.dueAt : nil, now: context.now) }
                      ?? group([]),
                  group(model.sweepFlags.map { flag in
                      el("span", [cls("badge flag"), Attr("title", "Flagged on the unit's sweep agenda")], text(flag.title))
                  }))),
            attentionNotice(model),
            Forms.notice(model.error),
            Forms.notice(model.success, kind: "success"),
            el("div", [cls("ticket-layout")],
               el("div", [cls("ticket-main")],
                  actionBar(forms, model: model),
                  // The description is the history's first entry ("opened the ticket"); a history
                  // without that entry (none is lost, but be safe) shows it on its own.
                  model.entries.contains { $0.kind == .created } ? group([])
                      : el("section", [cls("card description"), Attr("id", "description")], el("h2", [], text("Description")), paragraphs(model.description)),
                  timeline(model, now: context.now),
                  replyBox(forms)),
               el("aside", [cls("ticket-side")], facts(model, now: context.now), sidePanel(forms, model: model), attachments(model, now: context.now))),
        ]))
    }

    static func paragraphs(_ body: String) -> Markup {
        el("div", [cls("prose")], body.components(separatedBy: "\n\n").map { paragraph in
            el("p", [], paragraph.components(separatedBy: "\n").enumerated().flatMap { index, line in
                index == 0 ? [text(line)] : [void("br", []), text(line)]
            })
        })
    }

    /// A very urgent or top-priority ticket that lacks a responsible person or an ETA says so.
    static func attentionNotice(_ model: Model) -> Markup {
        guard !model.attention.isEmpty else { return group([]) }
        let missing = model.attention.map { $0 == .responsiblePerson ? "a named responsible person" : "an ETA" }.joined(separator: " and ")
        return el("div", [cls("notice warning"), Attr("role", "status"), Attr("id", "attention")],
                  text("This \(Format.label(model.priority.rawValue).lowercased()) ticket needs \(missing)."))
    }

    static func facts(_ model: Model, now: Date) -> Markup {
        var rows: [(String, Markup)] = [
            ("Support unit", text("\(model.unitName) (\(model.unitTier.title.lowercased()))")),
            ("Responsible", text(model.assigneeName ?? "nobody yet")),
            ("Submitter", text(model.submitterName)),
            ("Opened", Format.time(model.createdAt, now: now)),
            ("Updated", Format.time(model.updatedAt, now: now)),
        ]
        if let response = model.response {
            rows.append(("Response due", group([Format.time(response.dueAt, now: now), text(" (\(Format.absolute(response.dueAt)))")])))
            if let responded = response.respondedAt { rows.append(("Responded", Format.time(responded, now: now))) }
        }
        if model.escalationStep > 0 { rows.append(("Escalated", text("step \(model.escalationStep) of \(Escalation.maxStep)"))) }
        if !model.involved.isEmpty { rows.append(("Involved", text(model.involved.joined(separator: ", ")))) }
        if !model.links.isEmpty {
            rows.append(("Links", group(model.links.map { link in
                el("span", [cls("link-item")], text(Format.label(link.kind.rawValue) + " "), SwitchboardServer.link("#\(link.ticket)", SiteURL.ticket(.value(link.ticket)).path))
            })))
        }
        for detail in model.details { rows.append((detail.label, text(detail.value))) }
        rows += requirementFacts(model) + knownIssueFacts(model)
        return el("section", [cls("card facts-card")], el("h2", [], text("Details")),
                  el("dl", [cls("facts")], rows.flatMap { [el("dt", [], text($0.0)), el("dd", [], $0.1)] }))
    }

    static func attachments(_ model: Model, now: Date) -> Markup {
        el("section", [cls("card")], el("h2", [], text("Attachments")),
           model.attachments.isEmpty ? el("p", [cls("empty")], text("None.")) :
            el("ul", [cls("attachments")], model.attachments.map { file in
                el("li", [cls(file.visibility == .internal ? "internal" : "")],
                   link(file.filename, SiteURL.attachment(ticket: .value(model.id), id: .value(file.id)).path),
                   text(" · \(Format.bytes(file.size)) · "), Format.time(file.createdAt, now: now),
                   file.visibility == .internal ? el("span", [cls("internal-tag")], text("internal")) : group([]))
            }))
    }

    static func timeline(_ model: Model, now: Date) -> Markup {
        el("section", [cls("card"), Attr("id", "timeline")], el("h2", [], text("History")),
           el("ol", [cls("timeline")], model.entries.enumerated().map { index, entry in
               let isInternal = entry.visibility == .internal
               let previous = index > 0 ? model.entries[index - 1] : nil
               return el("li", [cls("entry kind-\(entry.kind.rawValue)\(isInternal ? " internal" : "")")],
                  el("div", [cls("entry-head")],
                     el("strong", [], text(entry.actorName)), text(" "), text(describe(entry, after: previous)), text(" · "), Format.time(entry.at, now: now),
                     entry.rule.map { el("span", [cls("rule-tag"), Attr("title", "The automatic rule that took this action")],
                                         text("rule: \(Format.label($0).lowercased())")) } ?? group([]),
                     isInternal ? el("span", [cls("internal-tag"), Attr("title", "Supporters only: the submitter never sees it")], text("internal")) : group([])),
                  entry.kind == .created ? el("div", [cls("description"), Attr("id", "description")], paragraphs(model.description)) : group([]),
                  entry.commentBody.map { paragraphs($0) } ?? group([]),
                  entry.commentQuoted.map { el("details", [cls("quoted")], el("summary", [], text("Quoted text")), paragraphs($0)) } ?? group([]),
                  entry.note.map { el("div", [cls("entry-note")], paragraphs($0)) } ?? group([]))
           }))
    }

    /// One line saying what an event did. A comment written with an assignment (the same
    /// person, the same instant) is that assignment's note, not a reply.
    static func describe(_ entry: Entry, after previous: Entry? = nil) -> String {
        func change(_ field: String) -> FieldChange? { entry.changes.first { $0.field == field } }
        if let previous, previous.kind == .assignedToUnit, previous.actorName == entry.actorName, previous.at == entry.at,
           entry.kind == .commentPublic || entry.kind == .commentInternal {
            return entry.kind == .commentPublic ? "added a note to the assignment" : "added an internal note to the assignment"
        }
        switch entry.kind {
        case .created: return "opened the ticket"
        case .assignedToUnit:
            let unit = change("supportUnit")
            return "assigned it from \(unit?.before ?? "?") to \(unit?.after ?? "?")"
        case .assignedToPerson: return "made \(change("assignee")?.after ?? "someone") responsible"
        case .involved:
            return "involved \(entry.changes.first?.after ?? "someone")"
        case .statusChanged:
            let status = change("status")
            return "changed the status from \(Format.label(status?.before ?? "").lowercased()) to \(Format.label(status?.after ?? "").lowercased())"
        case .priorityChanged:
            let priority = change("priority")
            return "changed the priority from \(Format.label(priority?.before ?? "").lowercased()) to \(Format.label(priority?.after ?? "").lowercased())"
        case .commentPublic: return "replied"
        case .commentInternal: return "wrote an internal note"
        case .fieldChanged:
            return FieldChange.sentence(entry.changes)
        case .linked:
            let link = entry.changes.first
            return "linked it: \(Format.label(link?.field ?? "").lowercased()) \(link?.after ?? "")"
        case .reminderSent:
            let recipient = change("recipient")?.after ?? "someone"
            switch change("stage")?.after {
            case "warning": return "warned \(recipient) that the response is due soon"
            case "overdue": return "reminded \(recipient) that the response is overdue"
            default: return "sent a reminder to \(recipient)"
            }
        case .escalated:
            return "escalated the ticket (step \(change("escalation")?.after ?? "?") of \(Escalation.maxStep)) to \(change("recipients")?.after ?? "the unit")"
        case .sweepNote: return "noted progress at the sweep"
        case .attachmentAdded: return "attached \(entry.attachment?.filename ?? entry.changes.first?.after ?? "a file")"
        }
    }

    /// Where an action's form is shown: the reply box under the history, the action bar above
    /// it (the frequent ones), or the side panel (the rest). All but the reply box are closed
    /// `<details>` until opened, or until their form comes back refused.
    enum Placement { case replyBox, bar, side }

    struct PlacedAction {
        var id: String
        var title: String
        var placement: Placement
        var form: Markup
        /// Further actions whose forms this one holds (it opens when one of them is refused).
        var holds: [TicketFormAction] = []
    }

    static func actionForms(_ model: Model, context: PageContext) -> [PlacedAction] {
        let can = model.can
        let url = { (action: TicketFormAction) in SiteURL.ticketAction(.value(model.id), .value(action)).path }
        let refused = model.refused
        /// A field's id (unique on the page: several forms have a `note`), its messages and what was typed.
        func id(_ action: TicketFormAction, _ name: String) -> String { "\(action.rawValue)-\(name)" }
        func errors(_ action: TicketFormAction, _ name: String) -> [String]? { refused?.action == action ? refused?.fieldErrors[name] : nil }
        func typed(_ action: TicketFormAction, _ name: String) -> String? { refused?.action == action ? refused?.typed[name] : nil }
        var forms: [PlacedAction] = []
        if can.reply {
            var reply: [Markup] = []
            if !model.templates.isEmpty {
                // Links, not script: choosing one reloads the page with its text in the box.
                reply.append(el("details", [cls("templates")], el("summary", [], text("Templates (\(model.templates.count))")),
                    el("ul", [], model.templates.map { filled in
                        el("li", [], link(filled.template.name, SiteURL.ticket(.value(model.id)).with(query: [("template", filled.template.id!.uuidString)]) + "#action-reply"),
                           el("span", [cls("hint")], text(" \(filled.unitName), used \(filled.template.usageCount) \(filled.template.usageCount == 1 ? "time" : "times")")))
                    })))
            }
            reply.append(Forms.textArea(can.seesInternal ? "Public reply (the submitter sees it)" : "Your reply", name: "body",
                                        value: typed(.reply, "body") ?? model.chosenTemplate?.text, required: true, rows: 3,
                                        errors: errors(.reply, "body"), id: id(.reply, "body")))
            if let chosen = model.chosenTemplate?.template.id { reply.append(Forms.hidden("template", chosen.uuidString)) }
            reply.append(Forms.submit("Send reply"))
            forms.append(PlacedAction(id: "reply", title: "Reply", placement: .replyBox, form: Forms.post(url(.reply), context: context, reply)))
        }
        if can.internalNote {
            forms.append(PlacedAction(id: "note", title: "Internal note", placement: .bar, form: Forms.post(url(.note), context: context, classes: "form internal-form", [
                Forms.textArea("Internal note (supporters only)", name: "body", value: typed(.note, "body"), required: true, rows: 4,
                               errors: errors(.note, "body"), id: id(.note, "body")),
                Forms.submit("Add internal note", kind: "secondary")])))
        }
        if !can.statusTargets.isEmpty {
            forms.append(PlacedAction(id: "status", title: "Status", placement: .bar, form: Forms.post(url(.status), context: context, [
                // No select acts on a value chosen for the user: each starts on "Choose…".
                Forms.select("New status", name: "status", options: can.statusTargets.map { Forms.Option(value: $0.rawValue, label: Format.label($0.rawValue)) },
                             selected: nil, includeBlank: "Choose…", errors: errors(.status, "status"), id: id(.status, "status")),
                Forms.textArea("Note (public)", name: "note", value: typed(.status, "note"), rows: 3, errors: errors(.status, "note"), id: id(.status, "note")),
                Forms.submit("Change status", kind: "secondary")])))
        }
        if can.assignUnit {
            forms.append(PlacedAction(id: "assign", title: "Assign", placement: .bar, form: Forms.post(url(.assign), context: context, [
                NewTicketPage.unitSelect(name: "supportUnit", label: "Support unit", choices: model.unitChoices, selected: nil, blank: "Choose…",
                                         errors: errors(.assign, "supportUnit"), id: id(.assign, "supportUnit")),
                Forms.textArea("Note for the unit", name: "note", value: typed(.assign, "note"), rows: 3, errors: errors(.assign, "note"), id: id(.assign, "note")),
                Forms.select("The note is", name: "noteVisibility", options: [
                    Forms.Option(value: "public", label: "public"), Forms.Option(value: "internal", label: "internal (supporters only)")], selected: "public",
                             id: id(.assign, "noteVisibility")),
                Forms.submit("Assign", kind: "secondary")])))
        }
        if can.assignPerson && !model.unitMembers.isEmpty {
            forms.append(PlacedAction(id: "assign-person", title: "Responsible person", placement: .bar, form: Forms.post(url(.assignPerson), context: context, [
                Forms.select("Member of \(model.unitName)", name: "assignee", options: model.unitMembers, selected: nil, includeBlank: "Choose…",
                             errors: errors(.assignPerson, "assignee"), id: id(.assignPerson, "assignee")),
                Forms.submit("Make responsible", kind: "secondary")])))
        }
        if can.changePriority {
            forms.append(PlacedAction(id: "priority", title: "Priority", placement: .side, form: Forms.post(url(.priority), context: context, [
                Forms.select("New priority", name: "priority", options: Forms.options(TicketPriority.self), selected: typed(.priority, "priority") ?? model.priority.rawValue,
                             errors: errors(.priority, "priority"), id: id(.priority, "priority")),
                Forms.field("Justification (public)", name: "justification", value: typed(.priority, "justification"), required: true,
                            errors: errors(.priority, "justification"), id: id(.priority, "justification")),
                Forms.submit("Change priority", kind: "secondary")])))
        }
        if can.involve {
            forms.append(PlacedAction(id: "involve", title: "Involve others", placement: .side, form: Forms.post(url(.involve), context: context, [
                NewTicketPage.unitSelect(name: "supportUnit", label: "A unit", choices: model.unitChoices, selected: nil, blank: "—",
                                         errors: errors(.involve, "supportUnit"), id: id(.involve, "supportUnit")),
                Forms.select("or a supporter", name: "user", options: model.supporters, selected: nil, includeBlank: "—",
                             errors: errors(.involve, "user"), id: id(.involve, "user")),
                Forms.submit("Involve", kind: "secondary")])))
        }
        if can.setETA {
            let day = model.eta.map { String(Format.iso8601($0).prefix(10)) }
            forms.append(PlacedAction(id: "eta", title: "ETA", placement: .side, form: Forms.post(url(.eta), context: context, [
                Forms.field("Expected fix date", name: "eta", value: typed(.eta, "eta") ?? day, type: "date", required: true,
                            errors: errors(.eta, "eta"), hint: "Second line sets it for very urgent and top-priority tickets.", id: id(.eta, "eta")),
                Forms.submit(model.eta == nil ? "Set ETA" : "Change ETA", kind: "secondary")])))
        }
        if can.recordFix && !model.components.isEmpty {
            forms.append(PlacedAction(id: "fix", title: "Fixed in a release", placement: .side, form: Forms.post(url(.fix), context: context, [
                el("p", [cls("hint")], text("Once the product team has released the fix: the ticket goes to the release unit and is closed when that version reaches production.")),
                Forms.select("Component", name: "component", options: model.components,
                             selected: typed(.fix, "component") ?? model.fixedComponent ?? model.fieldValues[.component],
                             errors: errors(.fix, "component"), id: id(.fix, "component")),
                Forms.field("Version", name: "version", value: typed(.fix, "version") ?? model.fixedVersion, required: true,
                            errors: errors(.fix, "version"), hint: "[epoch:]version[-release], e.g. 9.2.15 or 9.2.15-1.el9", id: id(.fix, "version")),
                Forms.textArea("Note to the submitter", name: "note", value: typed(.fix, "note"), rows: 2, errors: errors(.fix, "note"), id: id(.fix, "note")),
                Forms.submit("Record the fix", kind: "secondary")])))
        }
        forms += requirementActions(model, context: context)
        if can.link {
            forms.append(PlacedAction(id: "link", title: "Link a ticket", placement: .side, form: Forms.post(url(.link), context: context, [
                Forms.select("This ticket is", name: "kind", options: Forms.options(TicketLinkKind.self), selected: typed(.link, "kind") ?? TicketLinkKind.related.rawValue,
                             id: id(.link, "kind")),
                Forms.field("Ticket number", name: "ticket", value: typed(.link, "ticket"), type: "number", required: true,
                            errors: errors(.link, "ticket"), attributes: [Attr("min", "1")], id: id(.link, "ticket")),
                Forms.submit("Link", kind: "secondary")])))
        }
        if can.attach {
            var fields: [Markup] = [Forms.field("File", name: "file", type: "file", required: true, errors: errors(.attach, "file"), id: id(.attach, "file"))]
            if can.attachInternal {
                fields.append(Forms.select("Visible to", name: "visibility", options: [
                    Forms.Option(value: "public", label: "everyone on the ticket"), Forms.Option(value: "internal", label: "supporters only")], selected: "public",
                                           id: id(.attach, "visibility")))
            }
            fields.append(Forms.submit("Upload", kind: "secondary"))
            forms.append(PlacedAction(id: "attach", title: "Add an attachment", placement: .side, form: Forms.post(url(.attach), context: context, multipart: true, fields)))
        }
        if let step = can.escalateStep {
            let audience = Escalation.audience(forStep: step).map { audience -> String in
                switch audience {
                case .unit: model.unitName
                case .firstLine: "first line"
                case .monitoring: "ticket monitoring"
                }
            }.joined(separator: ", ")
            // The submitter's way to be heard: in the bar, where it is seen.
            forms.append(PlacedAction(id: "escalate", title: "Escalate", placement: .bar, form: Forms.post(url(.escalate), context: context, [
                el("p", [cls("hint")], text("The ticket is overdue. Step \(step) of \(Escalation.maxStep) alerts \(audience).")),
                Forms.textArea("Why it matters (optional, public)", name: "note", value: typed(.escalate, "note"), rows: 3, id: id(.escalate, "note")),
                Forms.submit("Escalate (step \(step) of \(Escalation.maxStep))", kind: "danger")])))
        } else if let refusal = can.escalationRefusal {
            forms.append(PlacedAction(id: "escalate", title: "Escalate", placement: .side, form: el("p", [cls("hint")], text(refusal))))
        }
        forms += knownIssueActions(model, context: context)
        if !can.editableFields.isEmpty {
            forms.append(PlacedAction(id: "details", title: "Edit details", placement: .side, form: Forms.post(url(.details), context: context,
                detailFields(model, errors: { errors(.details, $0) }, typed: { typed(.details, $0) }) + [Forms.submit("Save details", kind: "secondary")])))
        }
        if let subscribed = can.subscribed {
            forms.append(PlacedAction(id: subscribed ? "unsubscribe" : "subscribe", title: "Mail", placement: .side,
                                    form: Forms.post(url(subscribed ? .unsubscribe : .subscribe), context: context, [
                el("p", [cls("hint")], text(subscribed
                    ? "You are subscribed: you get mail about every public change to this ticket."
                    : "Subscribe to get mail about every public change to this ticket.")),
                Forms.submit(subscribed ? "Unsubscribe" : "Subscribe", kind: "secondary")])))
        }
        return forms
    }

    /// An action in a `<details>`: open when its form came back refused.
    static func disclosed(_ form: PlacedAction, model: Model) -> Markup {
        el("details", [cls("action"), Attr("id", "action-\(form.id)"),
                       .flag("open", model.refused.map { $0.action.rawValue == form.id || form.holds.contains($0.action) } ?? false)],
           el("summary", [], text(form.title)), form.form)
    }

    /// The action bar: the frequent actions, one line of buttons until one is opened.
    static func actionBar(_ forms: [PlacedAction], model: Model) -> Markup {
        let bar = forms.filter { $0.placement == .bar }
        guard !bar.isEmpty else { return group([]) }
        return el("nav", [cls("action-bar"), Attr("id", "actions"), Attr("aria-label", "Actions")], bar.map { disclosed($0, model: model) })
    }

    static func replyBox(_ forms: [PlacedAction]) -> Markup {
        guard let reply = forms.first(where: { $0.placement == .replyBox }) else { return group([]) }
        // The field's label says who reads the reply; the heading is for screen readers' outline.
        return el("section", [cls("card reply-box"), Attr("id", "action-\(reply.id)")], el("h2", [cls("visually-hidden")], text(reply.title)), reply.form)
    }

    static func sidePanel(_ forms: [PlacedAction], model: Model) -> Markup {
        let side = forms.filter { $0.placement == .side }
        guard !side.isEmpty else { return group([]) }
        return el("section", [cls("card more-actions"), Attr("id", "more-actions")], [el("h2", [], text("More actions"))] + side.map { disclosed($0, model: model) })
    }

    /// One input per field the viewer may edit, filled with the current value (or what was typed).
    static func detailFields(_ model: Model, errors: (String) -> [String]?, typed: (String) -> String?) -> [Markup] {
        model.can.editableFields.map { field -> Markup in
            let name = field.rawValue
            let value = typed(name) ?? model.fieldValues[field]
            let id = "details-\(name)"
            switch field {
            case .subject: return Forms.field("Subject", name: name, value: value, required: true, errors: errors(name), id: id)
            case .affectedSite: return Forms.field("Affected site", name: name, value: value, errors: errors(name), id: id)
            case .vo: return Forms.field("VO", name: name, value: value, errors: errors(name), id: id)
            case .component: return Forms.field("Component", name: name, value: value, errors: errors(name), id: id)
            case .componentVersion: return Forms.field("Component version", name: name, value: value, errors: errors(name), id: id)
            case .fixedVersion: return Forms.field("Fixed in version", name: name, value: value, errors: errors(name), id: id)
            case .cc: return Forms.field("CC (addresses, comma-separated)", name: name, value: value, errors: errors(name),
                                         hint: "They get mail about public changes, as the notification mode says.", id: id)
            case .notificationMode:
                return Forms.select("Notify the submitter", name: name, options: Forms.notificationModes, selected: value, errors: errors(name), id: id)
            case .eta: return group([])
            }
        }
    }
}
