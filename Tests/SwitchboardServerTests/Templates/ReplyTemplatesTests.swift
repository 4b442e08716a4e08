import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// Units' reply templates: kept by the unit, filled in for a ticket, offered on the reply form,
/// counted when a reply uses one.
@Suite struct ReplyTemplatesTests {
    typealias Browser = WebFlowTests.Browser

    struct Template: Codable {
        var id: UUID
        var name: String
        var usageCount: Int
    }

    struct Filled: Codable {
        var id: UUID
        var unit: String
        var name: String
        var text: String
        var usageCount: Int
    }

    static let body = "Dear {{submitter}}, ticket {{ticket}} ({{subject}}) is with {{unit}}, which answers within {{target}}. Please send the output of `dcache pool ls`."

    @Test func aUnitKeepsTemplatesAndAReplyCountsItsUse() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let created = try await desk.request(.POST, "/api/v1/support-units/\(cast.dmsu)/templates", as: cast.expert,
                                                 json: ReplyTemplateInput(name: "Pool listing", body: Self.body))
            #expect(created.status == .created, "\(created.body.string)")
            let template = try created.content.decode(Template.self)
            let unknown = try await desk.request(.POST, "/api/v1/support-units/\(cast.dmsu)/templates", as: cast.expert,
                                                 json: ReplyTemplateInput(name: "Release", body: "Fixed in {{release}}."))
            #expect(unknown.status == .unprocessableEntity && unknown.body.string.contains("{{release}}"))
            let twice = try await desk.request(.POST, "/api/v1/support-units/\(cast.dmsu)/templates", as: cast.expert,
                                               json: ReplyTemplateInput(name: "Pool listing", body: "Again."))
            #expect(twice.status == .unprocessableEntity)
            #expect(try await desk.request(.POST, "/api/v1/support-units/\(cast.dmsu)/templates", as: cast.triage,
                                           json: ReplyTemplateInput(name: "Mine", body: "x")).status == .forbidden, "not DMSU's member")
            #expect(try await desk.request(.GET, "/api/v1/support-units/\(cast.dmsu)/templates", as: cast.alice).status == .forbidden)

            let id = try await desk.fileTicket(as: cast.alice, subject: "Pool full")
            try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage, json: ["supportUnit": "DMSU"])
            let offered = try await desk.request(.GET, "/api/v1/tickets/\(id)/templates", as: cast.expert)
            let filled = try offered.content.decode([Filled].self)
            #expect(filled.count == 1 && filled[0].unit == "DMSU")
            #expect(filled[0].text.hasPrefix("Dear Alice Scientist, ticket #\(id) (Pool full) is with DMSU, which answers within "))
            #expect(!filled[0].text.contains("{{"))
            #expect(try await desk.request(.GET, "/api/v1/tickets/\(id)/templates", as: cast.alice).content.decode([Filled].self).isEmpty)

            struct Reply: Encodable { var body: String; var template: UUID }
            let reply = try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.expert, json: Reply(body: filled[0].text, template: template.id))
            #expect(reply.status == .created, "\(reply.body.string)")
            let listed = try await desk.request(.GET, "/api/v1/support-units/\(cast.dmsu)/templates", as: cast.expert).content.decode([Template].self)
            #expect(listed.first?.usageCount == 1)
            // Someone who may not use the template on this ticket does not count a use.
            let foreign = try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.developer, json: Reply(body: "x", template: template.id))
            #expect(foreign.status != .created)
            #expect(try await desk.request(.GET, "/api/v1/support-units/\(cast.dmsu)/templates", as: cast.expert).content.decode([Template].self)
                .first?.usageCount == 1)

            let renamed = try await desk.request(.PUT, "/api/v1/templates/\(template.id)", as: cast.expert,
                                                 json: ReplyTemplateInput(name: "Pool listing, please", body: Self.body))
            #expect(renamed.status == .ok && renamed.body.string.contains("Pool listing, please"))
            #expect(try await desk.request(.DELETE, "/api/v1/templates/\(template.id)", as: cast.triage).status == .forbidden)
            #expect(try await desk.request(.DELETE, "/api/v1/templates/\(template.id)", as: cast.expert).status == .noContent)
        }
    }

    @Test func theReplyFormOffersTemplatesAndTheUnitPageCountsThem() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice, subject: "Pool full")
            try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage, json: ["supportUnit": "DMSU"])
            var expert = Browser(desk: desk)
            try await expert.signIn(cast.expert.email)
            let unitPage = try await expert.get("/units/\(cast.dmsu)")
            let token = Browser.csrf(in: unitPage.body.string)!
            #expect(unitPage.body.string.contains("Reply templates") && unitPage.body.string.contains("No templates yet."))
            let refused = try await expert.post("/units/\(cast.dmsu)/templates", form: ["_csrf": token, "name": "Bad", "body": "Hello {{name}}"])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("Unknown placeholders: {{name}}"))
            let added = try await expert.post("/units/\(cast.dmsu)/templates", form: ["_csrf": token, "name": "Pool listing", "body": Self.body])
            #expect(added.status == .ok && added.body.string.contains("The template “Pool listing” was added."))
            let template = try #require(try await ReplyTemplateModel.query(on: desk.db).first())

            let page = try await expert.get("/tickets/\(id)").body.string
            #expect(page.contains("Templates (1)") && page.contains("?template=\(template.id!.uuidString)#action-reply"))
            let chosen = try await expert.get("/tickets/\(id)?template=\(template.id!.uuidString)").body.string
            #expect(chosen.contains("Dear Alice Scientist, ticket #\(id) (Pool full) is with DMSU"))
            #expect(chosen.contains("name=\"template\" value=\"\(template.id!.uuidString)\""))
            let sent = try await expert.post("/tickets/\(id)/reply", form: ["_csrf": token, "body": "Dear Alice, please send the listing.",
                                                                            "template": template.id!.uuidString])
            #expect(sent.status == .seeOther, "\(sent.body.string)")
            let counted = try await expert.get("/units/\(cast.dmsu)").body.string
            #expect(counted.contains("<td class=\"number\">1</td>"))
            // The submitter sees no templates.
            var alice = Browser(desk: desk)
            try await alice.signIn(cast.alice.email)
            #expect(!(try await alice.get("/tickets/\(id)").body.string.contains("Templates (")))
            let removed = try await expert.post("/units/\(cast.dmsu)/templates/\(template.id!.uuidString)/delete", form: ["_csrf": token])
            #expect(removed.status == .ok && removed.body.string.contains("The template was removed."))
        }
    }
}
