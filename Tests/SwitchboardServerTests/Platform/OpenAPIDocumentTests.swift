import Fluent
import Foundation
import SQLKit
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

@Suite struct OpenAPIDocumentTests {
    struct Document: Decodable {
        var openapi: String
        var paths: [String: [String: Operation]]
        struct Operation: Decodable { var operationId: String; var responses: [String: Response] }
        struct Response: Decodable { var description: String }
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() async throws {
        try await TestHelpdesk.with { desk in
            let response = try await desk.request(.GET, "/api/v1/openapi.json")
            #expect(response.status == .ok)
            let document = try JSONDecoder().decode(Document.self, from: Data(response.body.readableBytesView))
            #expect(document.openapi == "3.1.0")

            var documented: Set<String> = []
            for (path, operations) in document.paths {
                for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
            }
            var served: Set<String> = []
            for route in desk.app.routes.all {
                let path = "/" + route.path.map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
                // The web pages are not part of the API.
                guard path.hasPrefix("/api/v1/") || path == "/health" || path == "/ready", path != "/api/v1/openapi.json" else { continue }
                served.insert("\(route.method.rawValue) \(path)")
            }
            #expect(served == documented, "served but not documented: \(served.subtracting(documented)); documented but not served: \(documented.subtracting(served))")

            let operationIDs = document.paths.values.flatMap { $0.values.map(\.operationId) }
            #expect(Set(operationIDs).count == operationIDs.count, "operation ids are unique")
        }
    }
}
