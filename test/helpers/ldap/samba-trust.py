# Adds a trustedDomain object to a stopped, freshly provisioned Samba AD database.
# Samba refuses to create trust objects over LDAP and creating a real trust needs its RPC services,
# so the harness writes the object with Samba's own Python bindings, as the system.
# Usage: python3 samba-trust.py <smb.conf> <sam.ldb> <domain DN> <partner DNS name> <partner NetBIOS name> <partner SID> <direction>
import sys
from samba.auth import system_session
from samba.dcerpc import security
from samba.ndr import ndr_pack
from samba.param import LoadParm
from samba.samdb import SamDB

conf, url, base, partner, flat, sid, direction = sys.argv[1:8]
lp = LoadParm()
lp.load(conf)
db = SamDB(url=url, session_info=system_session(), lp=lp)
db.add({
    'dn': 'CN=%s,CN=System,%s' % (partner, base),
    'objectClass': 'trustedDomain',
    'trustPartner': partner,
    'flatName': flat,
    'trustDirection': direction,
    'trustType': '2',
    'trustAttributes': '8',
    'securityIdentifier': ndr_pack(security.dom_sid(sid)),
})
