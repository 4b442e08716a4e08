import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A requirement spawned into the requirements queue: its id there and the page people open.
public struct TrackedRequirement: Sendable, Equatable {
    public var id: String
    public var url: String
}

/// The requirements queue as the helpdesk uses it (issue 15): spawn a requirement with a link
/// back, find one spawned before (so that a retry after a failure half-way does not spawn it
/// twice), read its status. Request Tracker's REST 2.0 API is the implementation.
public protocol RequirementsTracker: Sendable {
    func spawn(subject: String, description: String, link: String) async throws -> TrackedRequirement
    func find(referringTo link: String) async throws -> TrackedRequirement?
    func status(of id: String) async throws -> String
}

/// Where the requirements queue is: Request Tracker's base URL, the queue, an auth token.
public struct RequestTrackerSettings: Sendable, Equatable {
    public var baseURL: String
    public var queue: String
    public var token: String
    public var timeoutSeconds = 20

    public init(baseURL: String, queue: String, token: String) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.queue = queue
        self.token = token
    }
}

/// The requirements queue could not be reached or refused the request; nothing was changed on
/// our side. The description says what happened, without the token.
public struct RequirementsTrackerUnavailable: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// Request Tracker 5's REST 2.0 API (`/REST/2.0/ticket`, `/REST/2.0/tickets?query=`), with a
/// token (`Authorization: token …`).
public struct RequestTrackerClient: RequirementsTracker {
    public var settings: RequestTrackerSettings
    public var client: HTTPClient

    public init(settings: RequestTrackerSettings, client: HTTPClient) {
        self.settings = settings
        self.client = client
    }

    /// The page of a ticket in Request Tracker's web interface.
    public func displayURL(of id: String) -> String { "\(settings.baseURL)/Ticket/Display.html?id=\(id)" }

    public func spawn(subject: String, description: String, link: String) async throws -> TrackedRequirement {
        struct Created: Decodable { var id: String }
        let body: [String: String] = [
            "Queue": settings.queue, "Subject": subject, "Content": description, "ContentType": "text/plain", "RefersTo": link,
        ]
        let created = try await call(.POST, "/REST/2.0/ticket", body: try JSONEncoder().encode(body), expecting: .created, as: Created.self)
        return TrackedRequirement(id: created.id, url: displayURL(of: created.id))
    }

    public func find(referringTo link: String) async throws -> TrackedRequirement? {
        struct Page: Decodable {
            struct Item: Decodable { var id: String }
            var items: [Item]
        }
        // TicketSQL: a quoted string, its quotes and backslashes escaped.
        let quoted = link.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
        var components = URLComponents()
        components.queryItems = [URLQueryItem(name: "query", value: "Queue = '\(settings.queue)' AND RefersTo = '\(quoted)'"),
                                 URLQueryItem(name: "orderby", value: "id")]
        let query = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B") ?? ""
        let page = try await call(.GET, "/REST/2.0/tickets?\(query)", expecting: .ok, as: Page.self)
        return page.items.first.map { TrackedRequirement(id: $0.id, url: displayURL(of: $0.id)) }
    }

    public func status(of id: String) async throws -> String {
        struct Ticket: Decodable { var Status: String }
        guard !id.isEmpty, id.allSatisfy(\.isNumber) else { throw RequirementsTrackerUnavailable(description: "'\(id)' is not a ticket id of the requirements queue") }
        return try await call(.GET, "/REST/2.0/ticket/\(id)", expecting: .ok, as: Ticket.self).Status
    }

    private func call<Answer: Decodable>(_ method: HTTPMethod, _ path: String, body: Data? = nil, expecting: HTTPResponseStatus,
                                         as: Answer.Type) async throws -> Answer {
        var request = HTTPClientRequest(url: settings.baseURL + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "token \(settings.token)")
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let where_ = "the requirements queue (\(settings.baseURL))"
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await client.execute(request, timeout: .seconds(Int64(settings.timeoutSeconds)))
            bytes = try await response.body.collect(upTo: 4 * 1024 * 1024)
        } catch {
            throw RequirementsTrackerUnavailable(description: "\(where_) cannot be reached: \(error)")
        }
        guard response.status == expecting else {
            let detail = String(buffer: bytes).prefix(300)
            throw RequirementsTrackerUnavailable(description: "\(where_) answered \(response.status.code) \(response.status.reasonPhrase): \(detail)")
        }
        do {
            return try JSONDecoder().decode(Answer.self, from: Data(buffer: bytes))
        } catch {
            throw RequirementsTrackerUnavailable(description: "\(where_) answered something that is not what its REST 2.0 API answers: \(error)")
        }
    }
}
