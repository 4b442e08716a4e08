import AsyncHTTPClient
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOHTTP1
import NIOPosix
@testable import SwitchboardServer

/// A real OpenID Connect provider on the loopback for the tests: `oidc-provider-mock` from PyPI
/// (`pip install oidc-provider-mock`; `.ci/run` installs it), started as a process per test.
final class TestOpenIDProvider: Sendable {
    static let isInstalled: Bool = {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import oidc_provider_mock"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }()

    let process: Process
    let port: Int
    var issuer: String { "http://127.0.0.1:\(port)" }

    private init(process: Process, port: Int) {
        self.process = process
        self.port = port
    }

    /// Starts the provider on `port` (nil: a free one) and waits until discovery answers.
    static func start(port: Int? = nil, tokenMaxAgeSeconds: Int = 3600) async throws -> TestOpenIDProvider {
        let chosen: Int
        if let port { chosen = port } else { chosen = try await freePort() }
        let port = chosen
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", String(port),
                             "--token-max-age", String(tokenMaxAgeSeconds)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let provider = TestOpenIDProvider(process: process, port: port)
        // Up to a minute: a Python process importing Flask and Authlib is slow while every suite runs at once.
        for _ in 0..<600 where process.isRunning {
            if let response = try? await HTTPClient.shared.execute(Self.request(provider.issuer + "/.well-known/openid-configuration"),
                                                                  timeout: .seconds(2)),
               response.status == .ok {
                _ = try? await response.body.collect(upTo: 1 << 20)
                return provider
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        let exited = !process.isRunning
        if !exited { provider.stop() }
        throw OIDCProviderUnavailable(description: "oidc-provider-mock did not start on port \(port)\(exited ? " (it exited)" : "")")
    }

    /// A request to the provider on a connection of its own: the provider (Werkzeug's server)
    /// may close a kept-alive connection just as a pooled client sends the next request on it,
    /// which failed a loaded test run with `remoteConnectionClosed`.
    static func request(_ url: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Connection", value: "close")
        return request
    }

    /// Ends the provider at once (it does not end on SIGTERM while it serves).
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// A port nothing listens on: bound once by the kernel's choice, then let go.
    static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }

    /// Gives the user `sub` these claims at the provider.
    func setUser(_ sub: String, claims: [String: any Sendable & Encodable]) async throws {
        var request = Self.request("\(issuer)/users/\(sub)")
        request.method = .PUT
        request.headers.add(name: "Content-Type", value: "application/json")
        let encoded = try JSONSerialization.data(withJSONObject: claims.mapValues { $0 as Any })
        request.body = .bytes(ByteBuffer(data: encoded))
        _ = try await HTTPClient.shared.execute(request, timeout: .seconds(5)).body.collect(upTo: 1 << 20)
    }

    /// Signs `sub` in as a browser would (the provider's form, without a browser) and exchanges
    /// the code: the provider's token answer.
    func tokens(for sub: String, clientID: String, clientSecret: String, nonce: String?) async throws -> (idToken: String, accessToken: String) {
        let redirect = "http://127.0.0.1:9/callback"
        var query = URLComponents()
        query.queryItems = [URLQueryItem(name: "client_id", value: clientID), URLQueryItem(name: "redirect_uri", value: redirect),
                            URLQueryItem(name: "response_type", value: "code"), URLQueryItem(name: "scope", value: "openid email profile"),
                            URLQueryItem(name: "state", value: "s")] + (nonce.map { [URLQueryItem(name: "nonce", value: $0)] } ?? [])
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        do {
            let tokens = try await exchange(sub: sub, query: query, redirect: redirect, clientID: clientID, clientSecret: clientSecret, client: client)
            try await client.shutdown()
            return tokens
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private func exchange(sub: String, query: URLComponents, redirect: String, clientID: String, clientSecret: String,
                          client: HTTPClient) async throws -> (idToken: String, accessToken: String) {
        var authorize = Self.request("\(issuer)/oauth2/authorize?\(query.percentEncodedQuery!)")
        authorize.method = .POST
        authorize.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        authorize.body = .bytes(ByteBuffer(string: "sub=\(sub.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"))
        let answer = try await client.execute(authorize, timeout: .seconds(5))
        _ = try await answer.body.collect(upTo: 1 << 20)
        guard let location = answer.headers.first(name: "Location"), let code = URLComponents(string: location)?.queryItems?.first(where: { $0.name == "code" })?.value
        else { throw OIDCProviderUnavailable(description: "no code from the provider (\(answer.status))") }
        var exchange = Self.request("\(issuer)/oauth2/token")
        exchange.method = .POST
        exchange.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        exchange.headers.add(name: "Authorization", value: "Basic " + Data("\(clientID):\(clientSecret)".utf8).base64EncodedString())
        exchange.body = .bytes(ByteBuffer(string: "grant_type=authorization_code&code=\(code)&redirect_uri=\(redirect.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"))
        let response = try await client.execute(exchange, timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 1 << 20)
        struct Tokens: Decodable { var id_token: String; var access_token: String }
        let tokens = try JSONDecoder().decode(Tokens.self, from: Data(buffer: body))
        return (tokens.id_token, tokens.access_token)
    }

    /// Signs `sub` in at the provider's login form for an authorization request of the
    /// helpdesk (its address, as the helpdesk redirected the browser there), as a person in a
    /// browser would: where the provider sends the browser back (the redirect URI with code and state).
    func authorize(_ url: String, as sub: String) async throws -> String {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        do {
            let location = try await authorize(url, as: sub, client: client)
            try await client.shutdown()
            return location
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private func authorize(_ url: String, as sub: String, client: HTTPClient) async throws -> String {
        var authorize = Self.request(url)
        authorize.method = .POST
        authorize.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        authorize.body = .bytes(ByteBuffer(string: "sub=\(sub.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"))
        let answer = try await client.execute(authorize, timeout: .seconds(5))
        let body = try await answer.body.collect(upTo: 1 << 20)
        guard let location = answer.headers.first(name: "Location") else {
            throw OIDCProviderUnavailable(description: "the provider did not send the browser back (\(answer.status)): \(String(buffer: body).prefix(300))")
        }
        return location
    }
}
