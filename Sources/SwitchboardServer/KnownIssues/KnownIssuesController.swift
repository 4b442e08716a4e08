import Foundation
import SwitchboardCore
import Vapor

/// `/api/v1/known-issues`: reading is open to everyone (published issues; supporters with a
/// token also read drafts), keeping is for supporters; `POST /api/v1/tickets/{id}/known-issue`
/// documents one from a ticket; the digest is `GET /api/v1/known-issues/digest`.
struct KnownIssuesController {
    func boot(public: any RoutesBuilder, signedIn: any RoutesBuilder) throws {
        `public`.get("known-issues", use: list)
        `public`.get("known-issues", "digest", use: digest)
        `public`.get("known-issues", ":number", use: show)
        signedIn.post("known-issues", use: create)
        signedIn.post("known-issues", "digest", "mail", use: mail)
        signedIn.patch("known-issues", ":number", use: update)
        signedIn.post("known-issues", ":number", "tickets", use: link)
        signedIn.delete("known-issues", ":number", "tickets", ":ticketID", use: unlink)
        signedIn.post("known-issues", ":number", "resolution", use: resolve)
        signedIn.delete("known-issues", ":number", "resolution", use: reopen)
        signedIn.post("tickets", ":ticketID", "known-issue", use: createFromTicket)
    }

    /// `12` or `KI-12`.
    static func number(_ request: Request) throws -> Int {
        let text = request.parameters.get("number") ?? ""
        let digits = text.uppercased().hasPrefix("KI-") ? String(text.dropFirst(3)) : text
        guard let number = Int(digits), number > 0 else { throw HelpdeskError.notFound("There is no known issue '\(text)'.") }
        return number
    }

    func list(_ request: Request) async throws -> [KnownIssueResponse] {
        let state = try parseOptional(request.query[String.self, at: "state"], as: KnownIssueState.self, field: "state")
        return try await request.helpdesk.knownIssues.list(state: state, for: request.auth.get(SignedIn.self)?.principal).map(KnownIssueResponse.init)
    }

    func show(_ request: Request) async throws -> KnownIssueResponse {
        KnownIssueResponse(try await request.helpdesk.knownIssues.find(try Self.number(request), for: request.auth.get(SignedIn.self)?.principal))
    }

    enum DigestFormat: String, CaseIterable { case json, markdown, text }

    func digest(_ request: Request) async throws -> Response {
        let knownIssues = request.helpdesk.knownIssues
        let format = try parseOptional(request.query[String.self, at: "format"], as: DigestFormat.self, field: "format") ?? .json
        let since = try knownIssues.digestStart(request.query[String.self, at: "since"])
        let content = try await knownIssues.digest(since: since, for: request.auth.get(SignedIn.self)?.principal)
        switch format {
        case .json:
            return try await KnownIssueDigestResponse(content).encodeResponse(for: request)
        case .markdown:
            return Self.text(content.markdown, type: "text/markdown; charset=utf-8")
        case .text:
            return Self.text(content.plainText, type: "text/plain; charset=utf-8")
        }
    }

    static func text(_ body: String, type: String) -> Response {
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: type)
        return Response(status: .ok, headers: headers, body: .init(string: body))
    }

    struct MailInput: Content { var since: String? }

    func mail(_ request: Request) async throws -> KnownIssueDigestResponse {
        let input = try request.content.decode(MailInput.self)
        let knownIssues = request.helpdesk.knownIssues
        return KnownIssueDigestResponse(try await knownIssues.mailDigest(since: try knownIssues.digestStart(input.since), by: try request.signedIn.acting))
    }

    func create(_ request: Request) async throws -> Response {
        let detail = try await request.helpdesk.knownIssues.create(try request.content.decode(KnownIssueInput.self), by: try request.signedIn.acting)
        return try await KnownIssueResponse(detail).encodeResponse(status: .created, for: request)
    }

    func createFromTicket(_ request: Request) async throws -> Response {
        let input = try request.content.decode(KnownIssueInput.self)
        let detail = try await request.helpdesk.knownIssues.create(fromTicket: try request.pathID("ticketID"), input, by: try request.signedIn.acting)
        return try await KnownIssueResponse(detail).encodeResponse(status: .created, for: request)
    }

    func update(_ request: Request) async throws -> KnownIssueResponse {
        let input = try request.content.decode(KnownIssueInput.self)
        return KnownIssueResponse(try await request.helpdesk.knownIssues.update(try Self.number(request), input, by: try request.signedIn.acting))
    }

    struct LinkInput: Content { var ticket: Int? }

    func link(_ request: Request) async throws -> KnownIssueResponse {
        guard let ticket = try request.content.decode(LinkInput.self).ticket, ticket > 0 else {
            throw HelpdeskError.invalid("ticket", "Give the number of the ticket the issue was seen in.")
        }
        return KnownIssueResponse(try await request.helpdesk.knownIssues.link(try Self.number(request), ticket: ticket, by: try request.signedIn.acting))
    }

    func unlink(_ request: Request) async throws -> KnownIssueResponse {
        KnownIssueResponse(try await request.helpdesk.knownIssues.unlink(
            try Self.number(request), ticket: try request.pathID("ticketID"), by: try request.signedIn.acting))
    }

    struct ResolutionInput: Content { var resolution: String? }

    func resolve(_ request: Request) async throws -> KnownIssueResponse {
        let input = try request.content.decode(ResolutionInput.self)
        return KnownIssueResponse(try await request.helpdesk.knownIssues.resolve(try Self.number(request), resolution: input.resolution,
                                                                                  by: try request.signedIn.acting))
    }

    func reopen(_ request: Request) async throws -> KnownIssueResponse {
        KnownIssueResponse(try await request.helpdesk.knownIssues.reopen(try Self.number(request), by: try request.signedIn.acting))
    }
}

struct KnownIssueResponse: Content {
    var number: Int
    var title: String
    var symptoms: String
    var impact: String
    var workaround: String?
    var components: [String]
    var versions: [String]
    var state: KnownIssueState
    var published: Bool
    var createdAt: Date
    var createdBy: String
    var updatedAt: Date
    var resolvedAt: Date?
    var resolution: String?
    /// The tickets it was seen in (supporters only; empty for others).
    var tickets: [Int]

    init(_ detail: KnownIssueDetail) {
        let issue = detail.issue
        number = issue.id!
        title = issue.title
        symptoms = issue.symptoms
        impact = issue.impact
        workaround = issue.workaround
        components = issue.componentList
        versions = issue.versionList
        state = issue.state
        published = issue.published
        createdAt = issue.createdAt
        createdBy = issue.createdBy
        updatedAt = issue.updatedAt
        resolvedAt = issue.resolvedAt
        resolution = issue.resolution
        tickets = detail.tickets
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(number, forKey: .number)
        try container.encode(title, forKey: .title)
        try container.encode(symptoms, forKey: .symptoms)
        try container.encode(impact, forKey: .impact)
        try container.encode(workaround, forKey: .workaround)
        try container.encode(components, forKey: .components)
        try container.encode(versions, forKey: .versions)
        try container.encode(state, forKey: .state)
        try container.encode(published, forKey: .published)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(createdBy, forKey: .createdBy)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(resolvedAt, forKey: .resolvedAt)
        try container.encode(resolution, forKey: .resolution)
        try container.encode(tickets, forKey: .tickets)
    }
}

/// The digest as JSON: each section with its issues, in the order the other formats show them.
struct KnownIssueDigestResponse: Content {
    struct Section: Content {
        var section: KnownIssueDigest.Section
        var title: String
        var issues: [KnownIssueResponse]
    }

    var title: String
    var since: Date
    var sections: [Section]

    init(_ content: KnownIssueDigestContent) {
        title = content.title
        since = content.since
        let byNumber = Dictionary(uniqueKeysWithValues: content.details.map { ($0.issue.id!, $0) })
        sections = content.sections.map { section, issues in
            Section(section: section, title: section.title, issues: issues.compactMap { byNumber[$0.number].map(KnownIssueResponse.init) })
        }
    }
}
