import Foundation
import NIOPosix
import Vapor

/// bcrypt, slow on purpose: hashes and checks passwords away from the event loops.
struct PasswordHashing: Sendable {
    let hasher: any PasswordHasher
    let threadPool: NIOThreadPool

    func hash(_ password: String) async throws -> String {
        let hasher = self.hasher
        return try await threadPool.runIfActive { try hasher.hash(password) }
    }

    /// The hash of an account nobody can sign in to (people that imported history names):
    /// no bcrypt hash looks like it, and `verify` refuses it without asking bcrypt.
    static let unusable = "!"

    func verify(_ password: String, against hash: String) async throws -> Bool {
        guard hash != Self.unusable else { return false }
        let hasher = self.hasher
        return try await threadPool.runIfActive { try hasher.verify(password, created: hash) }
    }
}
