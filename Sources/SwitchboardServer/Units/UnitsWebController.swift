import Fluent
import Foundation
import SwitchboardCore
import Vapor

/// The web pages of support units: the list, a unit with its members, and the administrators'
/// unit forms.
struct UnitsWebController {
    func boot(web: any RoutesBuilder, signedIn: any RoutesBuilder) {
        signedIn.get(SiteURL.units.pathComponents, use: units)
        signedIn.get(SiteURL.unit(.key).pathComponents, use: unit)
        signedIn.post(SiteURL.unitMembers(.key).pathComponents, use: addMember)
        signedIn.post(SiteURL.removeMember(unit: .key, user: .key).pathComponents, use: removeMember)
        signedIn.get(SiteURL.newUnit.pathComponents, use: newUnitForm)
        signedIn.post(SiteURL.newUnit.pathComponents, use: createUnit)
        signedIn.get(SiteURL.editUnit(.key).pathComponents, use: editUnitForm)
        signedIn.post(SiteURL.editUnit(.key).pathComponents, use: updateUnit)
    }

    func units(_ request: Request) async throws -> Response {
        let model = try await UnitsPage.query(request.helpdesk, actor: try request.webSession().signedIn.principal)
        return request.render(UnitsPage.self, model)
    }

    func unit(_ request: Request) async throws -> Response {
        let model = try await UnitPage.query(request.helpdesk, id: try request.pathUUID("unitID"), actor: try request.webSession().signedIn.principal)
        return request.render(UnitPage.self, model)
    }

    struct MemberForm: Content {
        var email: String?
        var role: String?
    }

    func addMember(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let unitID = try request.pathUUID("unitID")
        let form = try request.content.decode(MemberForm.self)
        let role = form.role.flatMap(MembershipRole.init(rawValue:)) ?? .member
        do {
            let membership = try await request.helpdesk.units.addMember(unitID: unitID, email: form.email ?? "", role: role, by: web.signedIn.acting)
            var model = try await UnitPage.query(request.helpdesk, id: unitID, actor: web.signedIn.principal)
            model.notice = "\(model.members.first { $0.id == membership.$user.id }?.name ?? "The person") is now a member."
            return request.render(UnitPage.self, model)
        } catch HelpdeskError.invalid(let errors) {
            var model = try await UnitPage.query(request.helpdesk, id: unitID, actor: web.signedIn.principal)
            model.memberErrors = errors.messages
            model.memberValues = ["email": form.email ?? "", "role": form.role ?? ""]
            return request.render(UnitPage.self, model, status: .unprocessableEntity)
        }
    }

    func removeMember(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let unitID = try request.pathUUID("unitID")
        try await request.helpdesk.units.removeMember(unitID: unitID, userID: try request.pathUUID("userID"), by: web.signedIn.acting)
        var model = try await UnitPage.query(request.helpdesk, id: unitID, actor: web.signedIn.principal)
        model.notice = "The member was removed."
        return request.render(UnitPage.self, model)
    }

    struct UnitForm: Content {
        var name: String?
        var tier: String?
        var parent: String?
        var mailingList: String?
        var serviceLevel: String?
        var timeZone: String?
        var sweepDays: String?

        var input: NewSupportUnitInput {
            NewSupportUnitInput(name: name, tier: tier, parent: parent, mailingList: mailingList, serviceLevel: serviceLevel, timeZone: timeZone,
                                sweepDays: sweepDays)
        }

        var values: [String: String] {
            ["name": name, "tier": tier, "parent": parent, "mailingList": mailingList, "serviceLevel": serviceLevel, "timeZone": timeZone,
             "sweepDays": sweepDays].compactMapValues { $0 }
        }
    }

    func newUnitForm(_ request: Request) async throws -> Response {
        _ = try request.administrator()
        let model = UnitFormPage.Model(unitID: nil, values: [:], parents: try await UnitFormPage.parents(request.helpdesk, excluding: nil),
                                           levels: try await request.helpdesk.serviceLevels.all().map(\.name))
        return request.render(UnitFormPage.self, model)
    }

    func createUnit(_ request: Request) async throws -> Response {
        let web = try request.administrator()
        let form = try request.content.decode(UnitForm.self)
        do {
            let unit = try await request.helpdesk.units.createSupportUnit(form.input, by: web.signedIn.acting)
            return request.redirect(to: SiteURL.unit(.value(try unit.requireID())).path, redirectType: .normal)
        } catch HelpdeskError.invalid(let errors) {
            let model = UnitFormPage.Model(unitID: nil, values: form.values, errors: errors.messages, parents: try await UnitFormPage.parents(request.helpdesk, excluding: nil),
                                           levels: try await request.helpdesk.serviceLevels.all().map(\.name))
            return request.render(UnitFormPage.self, model, status: .unprocessableEntity)
        }
    }

    func editUnitForm(_ request: Request) async throws -> Response {
        _ = try request.administrator()
        let id = try request.pathUUID("unitID")
        let unit = try await request.helpdesk.units.find(id)
        let values = ["name": unit.name, "tier": unit.tier.rawValue, "parent": unit.$parent.id?.uuidString ?? "", "mailingList": unit.mailingList,
                      "serviceLevel": unit.serviceLevel, "timeZone": unit.timeZone, "sweepDays": unit.sweepDays ?? ""]
        let model = UnitFormPage.Model(unitID: id, values: values, parents: try await UnitFormPage.parents(request.helpdesk, excluding: id),
                                           levels: try await request.helpdesk.serviceLevels.all().map(\.name))
        return request.render(UnitFormPage.self, model)
    }

    func updateUnit(_ request: Request) async throws -> Response {
        let web = try request.administrator()
        let id = try request.pathUUID("unitID")
        let form = try request.content.decode(UnitForm.self)
        do {
            _ = try await request.helpdesk.units.updateSupportUnit(id, form.input, by: web.signedIn.acting)
            return request.redirect(to: SiteURL.unit(.value(id)).path, redirectType: .normal)
        } catch HelpdeskError.invalid(let errors) {
            let model = UnitFormPage.Model(unitID: id, values: form.values, errors: errors.messages, parents: try await UnitFormPage.parents(request.helpdesk, excluding: id),
                                           levels: try await request.helpdesk.serviceLevels.all().map(\.name))
            return request.render(UnitFormPage.self, model, status: .unprocessableEntity)
        }
    }
}
