import Crypto
import Foundation
import SwitchboardCore

/// Makes and checks the tokens of reply addresses (`helpdesk+<ticket>-<token>@domain`): an
/// HMAC-SHA256 of the ticket number and the recipient's address under the installation's key
/// (migration 014), cut to 80 bits and written in base32. A token proves that whoever writes
/// to the address received it for that ticket at that address.
struct ReplyAddressSigner: Sendable {
    let key: SymmetricKey

    init?(base64Key: String?) {
        guard let base64Key, let data = Data(base64Encoded: base64Key), data.count >= 16 else { return nil }
        key = SymmetricKey(data: data)
    }

    func token(ticketID: Int, address: String) -> String {
        let message = Data("\(ticketID):\(address.lowercased())".utf8)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: key)
        return Self.base32(Array(code.prefix(10)))
    }

    /// The reply address for one recipient of a ticket's mail, under the sender's address.
    func replyAddress(base: String, ticketID: Int, recipient: String) -> String? {
        ReplyAddress.make(base: base, ticketID: ticketID, token: token(ticketID: ticketID, address: recipient))
    }

    /// The ticket a message was sent to by reply address, when one of `recipients` is a reply
    /// address under `base` whose token belongs to `sender`.
    func verifiedTicket(recipients: [String], base: String, sender: String) -> Int? {
        for recipient in recipients {
            guard let (ticketID, token) = ReplyAddress.parse(recipient, base: base) else { continue }
            let expected = self.token(ticketID: ticketID, address: sender)
            if ConstantTime.equal(expected, token.lowercased()) { return ticketID }
        }
        return nil
    }

    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    /// RFC 4648 base32, lower case, no padding.
    static func base32(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return String(decoding: output, as: UTF8.self)
    }
}
