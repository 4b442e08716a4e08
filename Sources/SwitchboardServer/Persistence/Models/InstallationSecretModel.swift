import Fluent
import Foundation

/// A named secret of the installation (see migration 014).
final class InstallationSecretModel: Model, @unchecked Sendable {
    static let schema = "installation_secrets"
    /// The key of the reply addresses' tokens.
    static let replyAddressKey = "reply-address-key"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "value") var value: String

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    var properties: [any AnyProperty] { [$id, $name, $value] }

    init() {}

    init(name: String, value: String) {
        self.id = UUID()
        self.name = name
        self.value = value
    }

    /// 256 random bits, base64.
    static func newKey() -> String { TokenDigest.randomBytes(32).base64EncodedString() }
}
