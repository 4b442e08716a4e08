import Fluent
import Foundation
import SwitchboardCore

/// The support-unit directory, grouped by tier.
enum UnitsPage: WebPage {
    struct Unit {
        var id: UUID
        var name: String
        var tier: SupportTier
        var parentName: String?
        var mailingList: String
        var serviceLevel: String
        var memberCount: Int
    }

    struct Model {
        var units: [Unit]
        var mayCreate: Bool
    }

    static func render(_ model: Model, context: PageContext) -> String {
        var sections: [Markup] = []
        for tier in SupportTier.allCases.sorted() {
            let units = model.units.filter { $0.tier == tier }
            guard !units.isEmpty else { continue }
            sections.append(el("section", [cls("card")], el("h2", [], text(tier.title)),
                el("div", [cls("table-wrap")], el("table", [cls("table")],
                    el("thead", [], el("tr", [], el("th", [], text("Unit")), el("th", [], text("Part of")), el("th", [], text("Mailing list")),
                                         el("th", [], text("Service level")), el("th", [], text("Members")))),
                    el("tbody", [], units.map { unit in
                        el("tr", [], el("td", [], link(unit.name, SiteURL.unit(.value(unit.id)).path)), el("td", [], text(unit.parentName ?? "—")),
                           el("td", [], text(unit.mailingList)), el("td", [], text(unit.serviceLevel)), el("td", [cls("number")], text(String(unit.memberCount))))
                    })))))
        }
        return Layout.render(title: "Support units", context: context, active: .units, group([
            el("div", [cls("page-title")], el("h1", [], text("Support units")),
               model.mayCreate ? link("New unit", SiteURL.newUnit.path, [cls("button primary")]) : group([])),
        ] + sections))
    }

    static func query(_ helpdesk: Helpdesk, actor: Principal) async throws -> Model {
        let units = try await SupportUnitModel.query(on: helpdesk.database).all()
        let names = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0.name) })
        let memberships = try await MembershipModel.query(on: helpdesk.database).all()
        let counts = Dictionary(grouping: memberships, by: { $0.$unit.id }).mapValues(\.count)
        return Model(units: units.sorted { $0.name.lowercased() < $1.name.lowercased() }.map { unit in
            Unit(id: unit.id!, name: unit.name, tier: unit.tier, parentName: unit.$parent.id.flatMap { names[$0] },
                 mailingList: unit.mailingList, serviceLevel: unit.serviceLevel, memberCount: counts[unit.id!] ?? 0)
        }, mayCreate: Permissions.mayAdminister(actor))
    }
}

/// One unit: its facts and members; administrators and the unit's unit admins add members.
enum UnitPage: WebPage {
    struct Model {
        var unit: UnitsPage.Unit
        var timeZone: String
        var members: [(id: UUID, name: String, email: String, role: MembershipRole)]
        var mayManageMembers: Bool
        var mayEdit: Bool
        var sweepDays: String = ""
        var maySweep = false
        var memberErrors: [String: [String]] = [:]
        var memberValues: [String: String] = [:]
        var notice: String?
    }

    static func render(_ model: Model, context: PageContext) -> String {
        let unit = model.unit
        var content: [Markup] = [
            el("div", [cls("page-title")], el("h1", [], text(unit.name)),
               model.maySweep ? link("Sweep agenda", SiteURL.sweep(.value(unit.id)).path, [cls("button")]) : group([]),
               model.maySweep ? link("Missed targets", SiteURL.responseViolations.path + "?supportUnit=\(unit.id.uuidString)", [cls("button secondary")]) : group([]),
               model.mayEdit ? link("Edit unit", SiteURL.editUnit(.value(unit.id)).path, [cls("button secondary")]) : group([])),
            Forms.notice(model.notice, kind: "success"),
            el("section", [cls("card")], el("dl", [cls("facts")],
                el("dt", [], text("Tier")), el("dd", [], text(unit.tier.title)),
                el("dt", [], text("Part of")), el("dd", [], text(unit.parentName ?? "—")),
                el("dt", [], text("Mailing list")), el("dd", [], text(unit.mailingList)),
                el("dt", [], text("Service level")), el("dd", [], text(unit.serviceLevel)),
                el("dt", [], text("Time zone")), el("dd", [], text(model.timeZone)),
                el("dt", [], text("Sweep days")), el("dd", [], text(model.sweepDays)))),
            el("section", [cls("card")], el("h2", [], text("Members")),
               model.members.isEmpty ? el("p", [cls("empty")], text("No members yet.")) :
                el("ul", [cls("members")], model.members.map { member in
                    el("li", [], text(member.name), text(" — \(member.email) "),
                       member.role == .unitAdmin ? el("span", [cls("badge")], text("unit admin")) : group([]),
                       model.mayManageMembers
                           ? Forms.post(SiteURL.removeMember(unit: .value(unit.id), user: .value(member.id)).path, context: context, classes: "inline",
                                        [el("button", [Attr("type", "submit"), cls("button danger small"), Attr("aria-label", "Remove \(member.name)")], text("Remove"))])
                           : group([]))
                }),
               model.mayManageMembers ? Forms.post(SiteURL.unitMembers(.value(unit.id)).path, context: context, classes: "form inline-form", [
                   Forms.field("Add a member by email", name: "email", value: model.memberValues["email"], type: "email", required: true, errors: model.memberErrors["email"]),
                   Forms.select("Role", name: "role", options: Forms.options(MembershipRole.self), selected: model.memberValues["role"] ?? MembershipRole.member.rawValue),
                   Forms.submit("Add member", kind: "secondary"),
               ]) : group([])),
        ]
        content.append(el("p", [], link("Open tickets of this unit", SiteURL.search.with(query: [("supportUnit", unit.id.uuidString), ("status", TicketStatus.openStatuses.map(\.rawValue).joined(separator: ","))]))))
        return Layout.render(title: unit.name, context: context, active: .units, group(content))
    }

    static func query(_ helpdesk: Helpdesk, id: UUID, actor: Principal) async throws -> Model {
        guard let unit = try await SupportUnitModel.find(id, on: helpdesk.database) else {
            throw HelpdeskError.notFound("There is no such support unit.")
        }
        let parent = try await unit.$parent.get(on: helpdesk.database)
        let members = try await MembershipModel.query(on: helpdesk.database).filter(\.$unit.$id == id).with(\.$user).all()
        let count = members.count
        return Model(
            unit: UnitsPage.Unit(id: id, name: unit.name, tier: unit.tier, parentName: parent?.name, mailingList: unit.mailingList,
                                 serviceLevel: unit.serviceLevel, memberCount: count),
            timeZone: unit.timeZone,
            members: members.map { (id: $0.user.id!, name: $0.user.displayName, email: $0.user.email, role: $0.role) }.sorted { $0.name < $1.name },
            mayManageMembers: Permissions.mayManageMembers(of: id, actor), mayEdit: Permissions.mayAdminister(actor),
            sweepDays: SweepRules.weekdayNames(helpdesk.sweep.sweepDays(of: unit)).joined(separator: ", "),
            maySweep: actor.isSupporter || actor.isAdmin)
    }
}

/// Creating and editing a unit (administrators).
enum UnitFormPage: WebPage {
    struct Model {
        /// Nil when creating.
        var unitID: UUID?
        var values: [String: String]
        var errors: [String: [String]] = [:]
        var parents: [Forms.Option]
        var levels: [String] = ServiceLevelName.all
    }

    static func render(_ model: Model, context: PageContext) -> String {
        let values = model.values
        let title = model.unitID == nil ? "New support unit" : "Edit \(values["name"] ?? "unit")"
        let action = model.unitID.map { SiteURL.editUnit(.value($0)).path } ?? SiteURL.newUnit.path
        return Layout.render(title: title, context: context, active: .units, el("section", [cls("card")],
            el("h1", [], text(title)),
            model.errors.isEmpty ? group([]) : Forms.notice("Please correct the marked fields."),
            Forms.post(action, context: context, [
                Forms.field("Name", name: "name", value: values["name"], required: true, errors: model.errors["name"]),
                Forms.select("Tier", name: "tier", options: SupportTier.allCases.map { Forms.Option(value: $0.rawValue, label: $0.title) },
                             selected: values["tier"], errors: model.errors["tier"]),
                Forms.select("Part of", name: "parent", options: model.parents, selected: values["parent"], includeBlank: "— (top level)", errors: model.errors["parent"]),
                Forms.field("Mailing list", name: "mailingList", value: values["mailingList"], type: "email", required: true, errors: model.errors["mailingList"]),
                Forms.select("Service level", name: "serviceLevel", options: model.levels.map { Forms.Option(value: $0, label: $0) },
                             selected: values["serviceLevel"] ?? ServiceLevelName.bestEffort, errors: model.errors["serviceLevel"]),
                Forms.field("Time zone", name: "timeZone", value: values["timeZone"] ?? "UTC", required: true, errors: model.errors["timeZone"],
                            hint: "An IANA name such as Europe/Amsterdam."),
                Forms.field("Sweep days", name: "sweepDays", value: values["sweepDays"], errors: model.errors["sweepDays"],
                            hint: "Weekdays of the unit's sweep, like tue,thu; empty for the installation's default."),
                Forms.submit(model.unitID == nil ? "Create unit" : "Save"),
            ])))
    }

    static func parents(_ helpdesk: Helpdesk, excluding id: UUID?) async throws -> [Forms.Option] {
        try await SupportUnitModel.query(on: helpdesk.database).all().filter { $0.id != id }
            .sorted { $0.name.lowercased() < $1.name.lowercased() }
            .map { Forms.Option(value: $0.id!.uuidString, label: $0.name) }
    }
}

/// The list of accounts and the form to create one (administrators).
enum UsersPage: WebPage {
    struct Model {
        var users: [(id: UUID, name: String, email: String, isAdmin: Bool, units: [String])]
        var values: [String: String] = [:]
        var errors: [String: [String]] = [:]
        var notice: String?
    }

    static func render(_ model: Model, context: PageContext) -> String {
        Layout.render(title: "Users", context: context, active: .users, group([
            el("h1", [], text("Users")),
            Forms.notice(model.notice, kind: "success"),
            el("section", [cls("card")], el("h2", [], text("Create a user")),
               model.errors.isEmpty ? group([]) : Forms.notice("Please correct the marked fields."),
               Forms.post(SiteURL.users.path, context: context, [
                   el("div", [cls("grid")],
                      Forms.field("Email address", name: "email", value: model.values["email"], type: "email", required: true, errors: model.errors["email"]),
                      Forms.field("Display name", name: "displayName", value: model.values["displayName"], required: true, errors: model.errors["displayName"]),
                      Forms.field("Initial password", name: "password", type: "password", required: true, errors: model.errors["password"],
                                  hint: "At least 10 characters; ask the person to change it.", attributes: [Attr("autocomplete", "new-password")])),
                   el("div", [cls("field checkbox")],
                      void("input", [Attr("type", "checkbox"), Attr("id", "field-isAdmin"), Attr("name", "isAdmin"), Attr("value", "true"),
                                     .flag("checked", model.values["isAdmin"] == "true")]),
                      el("label", [Attr("for", "field-isAdmin")], text("Administrator"))),
                   Forms.submit("Create user"),
               ])),
            el("section", [cls("card")], el("h2", [], text("Accounts")),
               el("div", [cls("table-wrap")], el("table", [cls("table")],
                  el("thead", [], el("tr", [], el("th", [], text("Name")), el("th", [], text("Email")), el("th", [], text("Units")), el("th", [], text("Role")))),
                  el("tbody", [], model.users.map { user in
                      el("tr", [], el("td", [], link(user.name, SiteURL.editUser(.value(user.id)).path)), el("td", [], text(user.email)),
                         el("td", [], text(user.units.joined(separator: ", "))), el("td", [], text(user.isAdmin ? "administrator" : user.units.isEmpty ? "submitter" : "supporter")))
                  })))),
        ]))
    }

    static func query(_ helpdesk: Helpdesk) async throws -> Model {
        let users = try await UserModel.query(on: helpdesk.database).all()
        let memberships = try await MembershipModel.query(on: helpdesk.database).with(\.$unit).all()
        let unitsByUser = Dictionary(grouping: memberships, by: { $0.$user.id }).mapValues { $0.map(\.unit.name).sorted() }
        return Model(users: users.sorted { $0.displayName.lowercased() < $1.displayName.lowercased() }.map {
            (id: $0.id!, name: $0.displayName, email: $0.email, isAdmin: $0.isAdmin, units: unitsByUser[$0.id!] ?? [])
        })
    }
}

/// Editing one account (administrators): name, administrator flag, a new password.
enum UserEditPage: WebPage {
    struct Model {
        var id: UUID
        var email: String
        var values: [String: String]
        var errors: [String: [String]] = [:]
        var notice: String?
    }

    static func render(_ model: Model, context: PageContext) -> String {
        Layout.render(title: "Edit \(model.email)", context: context, active: .users, el("section", [cls("card")],
            el("h1", [], text(model.email)),
            Forms.notice(model.notice, kind: "success"),
            model.errors.isEmpty ? group([]) : Forms.notice("Please correct the marked fields."),
            Forms.post(SiteURL.editUser(.value(model.id)).path, context: context, [
                Forms.field("Display name", name: "displayName", value: model.values["displayName"], required: true, errors: model.errors["displayName"]),
                el("div", [cls("field checkbox")],
                   void("input", [Attr("type", "checkbox"), Attr("id", "field-isAdmin"), Attr("name", "isAdmin"), Attr("value", "true"),
                                  .flag("checked", model.values["isAdmin"] == "true")]),
                   el("label", [Attr("for", "field-isAdmin")], text("Administrator"))),
                Forms.errors(model.errors["isAdmin"], for: "field-isAdmin"),
                Forms.field("New password", name: "password", type: "password", errors: model.errors["password"],
                            hint: "Leave empty to keep the password. A new one signs the person out everywhere.",
                            attributes: [Attr("autocomplete", "new-password")]),
                Forms.submit("Save"),
            ]),
            el("p", [], link("Back to the users", SiteURL.users.path))))
    }
}
