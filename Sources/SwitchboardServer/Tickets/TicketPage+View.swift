import Fluent
import Foundation
import SwitchboardCore

/// How TicketPage looks: HTML from its model, nothing else.
extension TicketPage {
    static func render(_ model: Model, context: PageContext) -> String {
        Layout.render(title: "#\(model.id) \(model.subject)", context: context, group([
            el("div", [cls("ticket-head")],
               el("p", [cls("ticket-number")], text("Ticket #\(model.id)")),
               el("h1", [], text(model.subject)),
               el("div", [cls("badges")], Format.status(model.status), Format.priority(model.priority),
                  el("span", [cls("badge category")], text(Format.label(model.category.rawValue))),
                  model.response.map { Format.response($0.colour, dueAt: $0.respondedAt == nil && model.status.isOpen ? $0.dueAt : nil, now: context.now) }
                      ?? group([]))),
            attentionNotice(model),
            Forms.notice(model.error),
            Forms.notice(model.success, kind: "success"),
            el("div", [cls("ticket-layout")],
               el("div", [cls("ticket-main")],
                  el("section", [cls("card description")], el("h2", [], text("Description")), paragraphs(model.description)),
                  timeline(model, now: context.now),
                  actions(model, context: context)),
               el("aside", [cls("ticket-side")], facts(model, now: context.now), attachments(model, now: context.now))),
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
                     isInternal ? el("span", [cls("internal-tag")], text("internal — supporters only")) : group([])),
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
            return "changed " + entry.changes.map { "\($0.field) to “\($0.after ?? "nothing")”" }.joined(separator: ", ")
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

    static func actions(_ model: Model, context: PageContext) -> Markup {
        let can = model.can
        let url = { (action: TicketFormAction) in SiteURL.ticketAction(.value(model.id), .value(action)).path }
        var forms: [Markup] = []
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
                                        value: model.chosenTemplate?.text, required: true, rows: 5))
            if let chosen = model.chosenTemplate?.template.id { reply.append(Forms.hidden("template", chosen.uuidString)) }
            reply.append(Forms.submit("Send reply"))
            forms.append(action("Reply", id: "reply", Forms.post(url(.reply), context: context, reply)))
        }
        if can.internalNote {
            forms.append(action("Internal note", id: "note", Forms.post(url(.note), context: context, classes: "form internal-form", [
                Forms.textArea("Internal note (supporters only)", name: "body", required: true, rows: 4),
                Forms.submit("Add internal note", kind: "secondary")])))
        }
        if !can.statusTargets.isEmpty {
            forms.append(action("Status", id: "status", Forms.post(url(.status), context: context, [
                // No select acts on a value chosen for the user: each starts on "Choose…".
                Forms.select("New status", name: "status", options: can.statusTargets.map { Forms.Option(value: $0.rawValue, label: Format.label($0.rawValue)) },
                             selected: nil, includeBlank: "Choose…"),
                Forms.textArea("Note (public)", name: "note", rows: 3),
                Forms.submit("Change status", kind: "secondary")])))
        }
        if can.assignUnit {
            forms.append(action("Assign to a unit", id: "assign", Forms.post(url(.assign), context: context, [
                NewTicketPage.unitSelect(name: "supportUnit", label: "Support unit", choices: model.unitChoices, selected: nil, blank: "Choose…"),
                Forms.textArea("Note for the unit", name: "note", rows: 3),
                Forms.select("The note is", name: "noteVisibility", options: [
                    Forms.Option(value: "public", label: "public"), Forms.Option(value: "internal", label: "internal (supporters only)")], selected: "public"),
                Forms.submit("Assign", kind: "secondary")])))
        }
        if can.assignPerson && !model.unitMembers.isEmpty {
            forms.append(action("Responsible person", id: "assign-person", Forms.post(url(.assignPerson), context: context, [
                Forms.select("Member of \(model.unitName)", name: "assignee", options: model.unitMembers, selected: nil, includeBlank: "Choose…"),
                Forms.submit("Make responsible", kind: "secondary")])))
        }
        if can.changePriority {
            forms.append(action("Priority", id: "priority", Forms.post(url(.priority), context: context, [
                Forms.select("New priority", name: "priority", options: Forms.options(TicketPriority.self), selected: model.priority.rawValue),
                Forms.field("Justification (public)", name: "justification", required: true),
                Forms.submit("Change priority", kind: "secondary")])))
        }
        if can.involve {
            forms.append(action("Involve others", id: "involve", Forms.post(url(.involve), context: context, [
                NewTicketPage.unitSelect(name: "supportUnit", label: "A unit", choices: model.unitChoices, selected: nil, blank: "—"),
                Forms.select("or a supporter", name: "user", options: model.supporters, selected: nil, includeBlank: "—"),
                Forms.submit("Involve", kind: "secondary")])))
        }
        if can.setETA {
            let day = model.eta.map { String(Format.iso8601($0).prefix(10)) }
            forms.append(action("ETA", id: "eta", Forms.post(url(.eta), context: context, [
                Forms.field("Expected fix date", name: "eta", value: day, type: "date", required: true,
                            hint: "Second line sets it for very urgent and top-priority tickets."),
                Forms.submit(model.eta == nil ? "Set ETA" : "Change ETA", kind: "secondary")])))
        }
        if can.recordFix && !model.components.isEmpty {
            forms.append(action("Fixed in a release", id: "fix", Forms.post(url(.fix), context: context, [
                el("p", [cls("hint")], text("Once the product team has released the fix: the ticket goes to the release unit and is closed when that version reaches production.")),
                Forms.select("Component", name: "component", options: model.components, selected: model.fixedComponent ?? model.fieldValues[.component]),
                Forms.field("Version", name: "version", value: model.fixedVersion, required: true, hint: "[epoch:]version[-release], e.g. 9.2.15 or 9.2.15-1.el9"),
                Forms.textArea("Note to the submitter", name: "note", rows: 2),
                Forms.submit("Record the fix", kind: "secondary")])))
        }
        if can.link {
            forms.append(action("Link a ticket", id: "link", Forms.post(url(.link), context: context, [
                Forms.select("This ticket is", name: "kind", options: Forms.options(TicketLinkKind.self), selected: TicketLinkKind.related.rawValue),
                Forms.field("Ticket number", name: "ticket", type: "number", required: true, attributes: [Attr("min", "1")]),
                Forms.submit("Link", kind: "secondary")])))
        }
        if can.attach {
            var fields: [Markup] = [Forms.field("File", name: "file", type: "file", required: true)]
            if can.attachInternal {
                fields.append(Forms.select("Visible to", name: "visibility", options: [
                    Forms.Option(value: "public", label: "everyone on the ticket"), Forms.Option(value: "internal", label: "supporters only")], selected: "public"))
            }
            fields.append(Forms.submit("Upload", kind: "secondary"))
            forms.append(action("Add an attachment", id: "attach", Forms.post(url(.attach), context: context, multipart: true, fields)))
        }
        if let step = can.escalateStep {
            let audience = Escalation.audience(forStep: step).map { audience -> String in
                switch audience {
                case .unit: model.unitName
                case .firstLine: "first line"
                case .monitoring: "ticket monitoring"
                }
            }.joined(separator: ", ")
            forms.append(action("Escalate", id: "escalate", Forms.post(url(.escalate), context: context, [
                el("p", [cls("hint")], text("The ticket is overdue. Step \(step) of \(Escalation.maxStep) alerts \(audience).")),
                Forms.textArea("Why it matters (optional, public)", name: "note", rows: 3),
                Forms.submit("Escalate (step \(step) of \(Escalation.maxStep))", kind: "danger")])))
        } else if let refusal = can.escalationRefusal {
            forms.append(action("Escalate", id: "escalate", el("p", [cls("hint")], text(refusal))))
        }
        if !can.editableFields.isEmpty {
            forms.append(action("Details", id: "details", Forms.post(url(.details), context: context, detailFields(model) + [
                Forms.submit("Save details", kind: "secondary")])))
        }
        if let subscribed = can.subscribed {
            forms.append(action("Mail", id: subscribed ? "unsubscribe" : "subscribe", Forms.post(url(subscribed ? .unsubscribe : .subscribe), context: context, [
                el("p", [cls("hint")], text(subscribed
                    ? "You are subscribed: you get mail about every public change to this ticket."
                    : "Subscribe to get mail about every public change to this ticket.")),
                Forms.submit(subscribed ? "Unsubscribe" : "Subscribe", kind: "secondary")])))
        }
        guard !forms.isEmpty else { return group([]) }
        return el("section", [cls("card actions"), Attr("id", "actions")], [el("h2", [], text("Actions"))] + forms)
    }

    /// One input per field the viewer may edit, filled with the current value.
    static func detailFields(_ model: Model) -> [Markup] {
        model.can.editableFields.map { field -> Markup in
            let value = model.fieldValues[field]
            switch field {
            case .subject: return Forms.field("Subject", name: field.rawValue, value: value, required: true)
            case .affectedSite: return Forms.field("Affected site", name: field.rawValue, value: value)
            case .vo: return Forms.field("VO", name: field.rawValue, value: value)
            case .component: return Forms.field("Component", name: field.rawValue, value: value)
            case .componentVersion: return Forms.field("Component version", name: field.rawValue, value: value)
            case .fixedVersion: return Forms.field("Fixed in version", name: field.rawValue, value: value)
            case .cc: return Forms.field("CC (addresses, comma-separated)", name: field.rawValue, value: value,
                                         hint: "They get mail about public changes, as the notification mode says.")
            case .notificationMode:
                return Forms.select("Notify the submitter", name: field.rawValue, options: Forms.notificationModes, selected: value)
            case .eta: return group([])
            }
        }
    }

    static func action(_ title: String, id: String, _ form: Markup) -> Markup {
        el("div", [cls("action"), Attr("id", "action-\(id)")], el("h3", [], text(title)), form)
    }
}
