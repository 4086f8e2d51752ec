import { BerWriter, Control } from 'ldapts';

export const LDAP_SERVER_SD_FLAGS_OID = '1.2.840.113556.1.4.801';
/** DACL_SECURITY_INFORMATION: only the DACL, which any reader may see; the SACL would need SeSecurityPrivilege. */
export const DACL_SECURITY_INFORMATION = 0x4;

/**
 * LDAP_SERVER_SD_FLAGS_OID ([MS-ADTS] 3.1.1.3.4.1.11): which parts of nTSecurityDescriptor a search
 * returns. The value is the BER encoding of SDFlagsRequestValue ::= SEQUENCE { Flags INTEGER }.
 * Without it AD asks for all four parts (flags 15, [MS-ADTS] 6.1.3.2), which a plain reader may not see.
 */
export class SdFlagsControl extends Control {
  constructor(readonly flags: number) {
    super(LDAP_SERVER_SD_FLAGS_OID, { critical: true });
  }

  protected override writeControl(writer: BerWriter): void {
    const value = new BerWriter();
    value.startSequence();
    value.writeInt(this.flags);
    value.endSequence();
    writer.writeBuffer(value.buffer, 0x04);
  }
}
