import { describe, expect, it } from 'vitest';
import {
  convertId,
  deliverKind,
  moText,
  normalizeId,
  parseReceipt,
  parseReceiptText,
} from '../../providers/smpp/deliver.js';
import {
  decodeGsmSeptets,
  decodeUcs2,
  encodeMessage,
  gsmCharacters,
  gsmSeptets,
  packSeptets,
  unpackSeptets,
} from '../../providers/smpp/encoding.js';
import { measureSms } from '../../src/templates/measure-sms.js';

const options = { longMessages: 'udh', referenceBits: 8, gsmPacking: 'unpacked' } as const;

describe('smpp encoding', () => {
  it('maps GSM 03.38 characters to their septets, extension characters after the escape', () => {
    expect(gsmCharacters('@A€[')).toEqual([[0x00], [0x41], [0x1b, 0x65], [0x1b, 0x3c]]);
    expect(gsmCharacters('Æ')).toEqual([[0x1c]]);
    expect(gsmCharacters('ж')).toBeNull();
    expect(decodeGsmSeptets([0x48, 0x1b, 0x65, 0x00])).toBe('H€@');
  });

  it('reads a text into septets in one pass, choosing GSM exactly when the preview does', () => {
    expect(gsmSeptets('@A€[')).toEqual([0x00, 0x41, 0x1b, 0x65, 0x1b, 0x3c]);
    const texts = [
      'Hello {FIRST_NAME}, 50% off ~today~ | €5',
      'ΔΦΓΛΩΠΨΣΘΞ ÄÖÑÜ§ äöñüà ¿¡',
      'Привет',
      'Hi 😀',
      'ሰላም',
      'tab\there',
      'line\nbreak\rreturn\fform',
      '`backtick`',
      '',
    ];
    for (const text of texts) {
      const septets = gsmSeptets(text);
      expect(septets !== null, text).toBe(measureSms(text).encoding === 'GSM-7');
      if (septets) expect(septets).toEqual(gsmCharacters(text)!.flat());
    }
  });

  it('packs septets as 3GPP TS 23.038 shows ("hellohello" → E8329BFD4697D9EC37)', () => {
    const septets = gsmCharacters('hellohello')!.flat();
    expect(packSeptets(septets).toString('hex').toUpperCase()).toBe('E8329BFD4697D9EC37');
    expect(decodeGsmSeptets(unpackSeptets(packSeptets(septets), 10))).toBe('hellohello');
    // Seven septets leave 7 spare bits in the last octet: they hold CR, not a stray '@'.
    expect(packSeptets(gsmCharacters('1234567')!.flat()).at(-1)).toBe(0x0d << 1);
  });

  it('sends GSM text as data_coding 0 (never the package’s IA5 label) and other text as UCS-2', () => {
    const [gsm] = encodeMessage('Hello {there}', 1, options);
    expect(gsm).toMatchObject({ dataCoding: 0, esmClass: 0 });
    expect([...gsm!.shortMessage]).toEqual(gsmCharacters('Hello {there}')!.flat());
    const [ucs2] = encodeMessage('Привет 😀', 1, options);
    expect(ucs2!.dataCoding).toBe(8);
    expect(decodeUcs2(ucs2!.shortMessage)).toBe('Привет 😀');
  });

  it('splits long texts into as many parts as the preview counted, with one concatenation header each', () => {
    for (const text of [
      'x'.repeat(161),
      `${'€'.repeat(76)}x${'€'.repeat(80)}`,
      'ж'.repeat(71),
      `${'😀'.repeat(40)}ab${'😀'.repeat(40)}`,
      'é'.repeat(1000),
    ]) {
      const parts = encodeMessage(text, 0x1234, options);
      expect(parts.length, text.slice(0, 10)).toBe(measureSms(text).segments);
      parts.forEach((p, i) => {
        expect(p.esmClass).toBe(0x40);
        expect([...p.shortMessage.subarray(0, 6)]).toEqual([0x05, 0x00, 0x03, 0x34, parts.length, i + 1]);
        // 140 octets on the air: 153 unpacked septets (one per octet over SMPP) or 134 UCS-2 octets.
        expect(p.shortMessage.length - 6).toBeLessThanOrEqual(p.dataCoding === 0 ? 153 : 134);
      });
    }
  });

  it('never cuts an escape sequence or a surrogate pair between two parts', () => {
    const gsm = encodeMessage(`${'a'.repeat(152)}€€${'b'.repeat(10)}`, 9, options);
    expect(decodeGsmSeptets(gsm[0]!.shortMessage.subarray(6))).toBe('a'.repeat(152));
    expect(decodeGsmSeptets(gsm[1]!.shortMessage.subarray(6))).toBe(`€€${'b'.repeat(10)}`);
    const ucs2 = encodeMessage(`${'ж'.repeat(66)}😀${'ж'.repeat(5)}`, 9, options);
    expect(decodeUcs2(ucs2[0]!.shortMessage.subarray(6))).toBe('ж'.repeat(66));
    expect(decodeUcs2(ucs2[1]!.shortMessage.subarray(6))).toBe(`😀${'ж'.repeat(5)}`);
  });

  it('uses a 16-bit reference, sar_* TLVs or one message_payload when the channel asks', () => {
    const text = 'y'.repeat(200);
    const udh16 = encodeMessage(text, 0xbeef, { ...options, referenceBits: 16 });
    expect([...udh16[0]!.shortMessage.subarray(0, 7)]).toEqual([0x06, 0x08, 0x04, 0xbe, 0xef, 2, 1]);
    const sar = encodeMessage(text, 0xbeef, { ...options, longMessages: 'sar' });
    expect(sar.map((p) => p.tlvs)).toEqual([
      { sar_msg_ref_num: 0xbeef, sar_total_segments: 2, sar_segment_seqnum: 1 },
      { sar_msg_ref_num: 0xbeef, sar_total_segments: 2, sar_segment_seqnum: 2 },
    ]);
    expect(sar.every((p) => p.esmClass === 0)).toBe(true);
    const payload = encodeMessage(text, 1, { ...options, longMessages: 'payload' });
    expect(payload).toHaveLength(1);
    expect(payload[0]!.shortMessage.length).toBe(0);
    expect((payload[0]!.tlvs.message_payload as Buffer).length).toBe(200);
    // Billed as the parts the SMSC makes of it: 153 and 47 septets; UCS-2 67 + 33 characters.
    expect(payload[0]!.segments).toBe(2);
    expect(encodeMessage('я'.repeat(100), 1, { ...options, longMessages: 'payload' })[0]!.segments).toBe(2);
    expect(encodeMessage('y'.repeat(459), 1, { ...options, longMessages: 'payload' })[0]!.segments).toBe(3);
    expect(encodeMessage('y'.repeat(460), 1, { ...options, longMessages: 'payload' })[0]!.segments).toBe(4);
  });

  it('packs GSM parts after the header on a septet boundary (one fill bit after a 6-octet UDH)', () => {
    const parts = encodeMessage('z'.repeat(170), 5, { ...options, gsmPacking: 'packed' });
    const body = parts[0]!.shortMessage.subarray(6);
    expect(decodeGsmSeptets(unpackSeptets(Buffer.concat([Buffer.alloc(6), body]), 153, 49))).toBe(
      'z'.repeat(153),
    );
    expect(parts[0]!.shortMessage.length).toBe(140);
  });
});

describe('smpp receipts and ids', () => {
  it('reads the receipt text of SMPP 3.4 Appendix B, loosely', () => {
    expect(
      parseReceiptText(
        'id:0123456789 sub:001 dlvrd:001 submit date:2601011200 done date:2601011201 stat:DELIVRD err:000 text:Hi',
      ),
    ).toEqual({ id: '0123456789', stat: 'DELIVRD', err: '000' });
    expect(parseReceiptText('id:AB12 submitdate:2601011200 stat:undeliv err:34')).toEqual({
      id: 'AB12',
      stat: 'undeliv',
      err: '34',
    });
  });

  it('prefers the TLVs, maps SMPP states, and converts receipt ids into the submit_sm_resp form', () => {
    const ids = { receipt: 'decimal', submit: 'hex' } as const;
    expect(parseReceipt({ text: 'id:255 stat:DELIVRD err:000' }, ids)).toMatchObject({
      providerMessageId: 'ff',
      status: 'delivered',
      providerStatus: 'DELIVRD',
    });
    expect(
      parseReceipt(
        { text: 'id:1 stat:DELIVRD', receiptedMessageId: '00FF', messageState: 5 },
        {
          receipt: 'hex',
          submit: 'hex',
        },
      ),
    ).toMatchObject({ providerMessageId: 'ff', status: 'failed', providerStatus: 'UNDELIV' });
    // The TLV holds the submit_sm_resp's id as it was returned: only the text's id is converted.
    const decimalText = { receipt: 'decimal', submit: 'hex' } as const;
    expect(
      parseReceipt({ text: 'id:255 stat:DELIVRD', receiptedMessageId: '0FF' }, decimalText)
        ?.providerMessageId,
    ).toBe('ff');
    expect(
      parseReceipt({ text: 'id:255 stat:DELIVRD', receiptedMessageId: '255' }, decimalText)
        ?.providerMessageId,
    ).toBe('255');
    for (const [stat, status] of [
      ['EXPIRED', 'failed'],
      ['DELETED', 'failed'],
      ['REJECTD', 'failed'],
      ['ENROUTE', 'sent'],
      ['ACCEPTD', 'unknown'],
      ['UNKNOWN', 'unknown'],
      ['WHATEVER', 'unknown'],
    ] as const) {
      expect(
        parseReceipt({ text: `id:x stat:${stat}` }, { receipt: 'string', submit: 'string' })?.status,
      ).toBe(status);
    }
    expect(parseReceipt({ text: 'stat:DELIVRD' }, { receipt: 'string', submit: 'string' })).toBeNull();
    expect(
      parseReceipt(
        { text: 'id:x stat:UNDELIV err:000', networkErrorCode: Buffer.from([3, 0, 27]) },
        { receipt: 'string', submit: 'string' },
      ),
    ).toMatchObject({ errorCode: 'network:3:27' });
  });

  it('normalizes hex and decimal ids; leaves opaque ones as they are', () => {
    expect(normalizeId('000A1B', 'hex')).toBe('a1b');
    expect(normalizeId('0042', 'decimal')).toBe('42');
    expect(normalizeId(' Msg-01 ', 'string')).toBe('Msg-01');
    expect(convertId('2587', 'decimal', 'hex')).toBe('a1b');
    expect(convertId('A1B', 'hex', 'decimal')).toBe('2587');
    expect(convertId('not-a-number', 'decimal', 'hex')).toBe('not-a-number');
  });

  it('tells receipts from mobile-originated messages and acknowledgements by esm_class', () => {
    expect(deliverKind(0x04)).toBe('receipt');
    expect(deliverKind(0x44)).toBe('receipt');
    // Intermediate delivery notification (ENROUTE and the like).
    expect(deliverKind(0x20)).toBe('receipt');
    expect(deliverKind(0x00)).toBe('message');
    expect(deliverKind(0x40)).toBe('message');
    // SME delivery ack, manual/user ack, conversation abort: neither a message nor a receipt.
    expect(deliverKind(0x08)).toBe('acknowledgement');
    expect(deliverKind(0x10)).toBe('acknowledgement');
    expect(deliverKind(0x18)).toBe('acknowledgement');
  });

  it('reads IA5 (data_coding 1) MO text as ASCII, undoing the package’s GSM reading', () => {
    // The package read ASCII "a_b@c$" as GSM: '_' is GSM 0x5F '§', '@' is 0x40 '¡', '$' is 0x24 '¤'.
    expect(moText('a§b¡c¤', 1)).toBe('a_b@c$');
    expect(moText('Hello', 0)).toBe('Hello');
    expect(moText(Buffer.from([0x04, 0x1f]), 8)).toBe('П');
  });
});
