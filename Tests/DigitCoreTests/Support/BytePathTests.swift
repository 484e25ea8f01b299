import DigitCore
import Testing

@Suite struct BytePathTests {
    @Test func piecesGiveTheBytesBackWhateverTheyAre() {
        // ASCII, é in UTF-8, a lone Latin-1 é, a truncated three-byte sequence, an overlong "/" and 😀.
        let bytes: [UInt8] = [0x61, 0xC3, 0xA9, 0xE9, 0xE2, 0x82, 0xC0, 0xAF, 0xF0, 0x9F, 0x98, 0x80]
        let pieces = utf8Pieces(bytes)
        #expect(pieces == [.scalar("a", bytes: [0x61]), .scalar("é", bytes: [0xC3, 0xA9]), .invalid(0xE9), .invalid(0xE2),
                           .invalid(0x82), .invalid(0xC0), .invalid(0xAF), .scalar("😀", bytes: [0xF0, 0x9F, 0x98, 0x80])])
        let back = pieces.flatMap { piece -> [UInt8] in
            switch piece {
            case .scalar(_, let sequence): Array(sequence)
            case .invalid(let byte): [byte]
            }
        }
        #expect(back == bytes)
        #expect(!BytePath(bytes: bytes).isValidUTF8)
        #expect(BytePath("café/😀.png").isValidUTF8)
    }
}
