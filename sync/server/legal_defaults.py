"""The built-in legal texts (version ``builtin-1``) served while the retailer has stored none:
a KVKK notice (aydınlatma metni, KVKK art. 10) and the wording of each optional consent.

They are a **template**: the bracketed parts (the company, its address, the contact) must be
filled in, and the whole checked by the retailer's counsel, before real customers see it; the
texts say so themselves. Store the adapted version with ``PUT /api/v1/legal-texts/{purpose}``.
"""

from __future__ import annotations

BUILTIN_VERSION = "builtin-1"

_TEMPLATE_TR = (
    "[ŞABLON: Bu metin, perakendecinin kendi bilgileriyle uyarlaması ve hukuk danışmanına "
    "kontrol ettirmesi gereken bir örnektir.]"
)
_TEMPLATE_EN = (
    "[TEMPLATE: this text is an example the retailer must adapt with its own details and have "
    "checked by its legal counsel.]"
)

KVKK_NOTICE_TR = f"""{_TEMPLATE_TR}

KİŞİSEL VERİLERİN İŞLENMESİNE İLİŞKİN AYDINLATMA METNİ

Veri sorumlusu: [Şirket unvanı], [adres], [MERSİS no], [iletişim e-postası]
("Şirket"). 6698 sayılı Kişisel Verilerin Korunması Kanunu ("KVKK") 10. maddesi uyarınca sizi
aşağıdaki konularda bilgilendiririz.

1. İşlenen veriler: ad soyad, telefon numarası, e-posta adresi; alışverişleriniz (tarih,
mağaza, ürünler, tutarlar), sadakat puanlarınız ve hediye kartı bakiyeleriniz; web mağazası
siparişlerinde teslimat adresiniz; verdiğiniz veya geri aldığınız izinlerin kaydı.

2. İşleme amaçları: üyeliğinizin kurulması ve yönetilmesi; satış, iade ve teslimat
işlemlerinin yürütülmesi; sadakat puanlarının ve hediye kartlarının hesaplanması ve
kullandırılması; e-fişinizin size sunulması; yasal saklama ve bildirim yükümlülüklerinin
yerine getirilmesi. Açık rızanız olursa ayrıca: alışverişlerinize göre size özel
kampanyalar sunulması (profilleme) ve SMS, e-posta veya telefonla ticari ileti gönderilmesi.

3. Hukuki sebepler: sözleşmenin kurulması ve ifası (KVKK m. 5/2-c), hukuki yükümlülüklerimizin
yerine getirilmesi (m. 5/2-ç), meşru menfaatimiz (m. 5/2-f); profilleme ve ticari iletiler
için açık rızanız (m. 5/1 ve 6563 sayılı Kanun). Üyelik ve sadakat programı hiçbir ticari
ileti iznine bağlı değildir.

4. Toplama yöntemi: mağaza kasaları, self-servis kioskları ve web mağazası aracılığıyla,
elektronik ortamda.

5. Aktarım: verileriniz; barındırma, yazılım, SMS ve e-posta hizmeti aldığımız tedarikçilere
(yalnızca hizmetin gerektirdiği ölçüde), ticari ileti izinleriniz İleti Yönetim Sistemi'ne
(İYS), talep hâlinde yetkili kamu kurum ve kuruluşlarına KVKK m. 8 ve 9'a uygun olarak
aktarılabilir. [Yurt dışına aktarım yapılıyorsa: alıcı, ülke ve KVKK m. 9'daki dayanak.]

6. Saklama: verileriniz amaçların gerektirdiği ve mevzuatın öngördüğü süre kadar saklanır;
[N] gün boyunca alışveriş yapmayan üyelerin kişisel verileri silinir veya anonim hâle
getirilir. Satış kayıtları vergi mevzuatının gerektirdiği süre boyunca kimliğinizle
ilişkilendirilemeyecek şekilde saklanır.

7. Haklarınız (KVKK m. 11): kişisel verilerinizin işlenip işlenmediğini öğrenme; işlenmişse
buna ilişkin bilgi talep etme; işlenme amacını ve bunların amacına uygun kullanılıp
kullanılmadığını öğrenme; yurt içinde veya yurt dışında aktarıldığı üçüncü kişileri bilme;
eksik veya yanlış işlenmişse düzeltilmesini isteme; KVKK m. 7 çerçevesinde silinmesini veya
yok edilmesini isteme; bu düzeltme, silme ve yok etme işlemlerinin verilerin aktarıldığı
üçüncü kişilere bildirilmesini isteme; münhasıran otomatik sistemlerle analiz edilmesi
suretiyle aleyhinize bir sonuç ortaya çıkmasına itiraz etme; kanuna aykırı işleme
sebebiyle zarara uğramanız hâlinde zararın giderilmesini talep etme.

Başvurularınızı [iletişim e-postası / adres] üzerinden, Veri Sorumlusuna Başvuru Usul ve
Esasları Hakkında Tebliğ'e uygun olarak iletebilirsiniz; en geç otuz gün içinde ücretsiz
olarak yanıtlanır."""

KVKK_NOTICE_EN = f"""{_TEMPLATE_EN}

PRIVACY NOTICE ON THE PROCESSING OF PERSONAL DATA

Data controller: [company name], [address], [MERSIS no], [contact e-mail] (the "Company").
Under Article 10 of the Turkish Personal Data Protection Law No. 6698 ("KVKK") we inform you
of the following.

1. Data processed: name, phone number, e-mail address; your purchases (date, store, items,
amounts), your loyalty points and gift card balances; your delivery address for web shop
orders; the record of the consents you gave or withdrew.

2. Purposes: setting up and managing your membership; carrying out sales, returns and
deliveries; computing and honouring loyalty points and gift cards; giving you your
e-receipt; meeting our legal retention and reporting duties. With your explicit consent
also: offers tailored to your purchases (profiling) and commercial messages by SMS, e-mail
or phone call.

3. Legal bases: the making and performance of a contract (KVKK Art. 5(2)(c)), our legal
obligations (Art. 5(2)(ç)), our legitimate interest (Art. 5(2)(f)); your explicit consent for
profiling and commercial messages (Art. 5(1) and Law No. 6563). Membership and the loyalty
programme never depend on any consent to commercial messages.

4. How it is collected: electronically, at store tills, self-service kiosks and the web shop.

5. Transfers: your data may be transferred, in line with KVKK Articles 8 and 9, to suppliers
of hosting, software, SMS and e-mail services (only as far as their service needs), your
consents to commercial messages to the Message Management System (İYS), and to competent
public authorities when they lawfully ask. [If data is transferred abroad: the recipient,
the country and the basis under KVKK Art. 9.]

6. Retention: your data is kept as long as the purposes and the law require; the personal
data of members who have not shopped for [N] days is erased or anonymised. Sales records are
kept for the period tax law requires, in a form no longer linked to your identity.

7. Your rights (KVKK Art. 11): to learn whether your personal data is processed; to request
information about it if so; to learn the purpose of the processing and whether the data is
used accordingly; to know the third parties in Turkey or abroad it is transferred to; to ask
for it to be corrected if incomplete or wrong; to ask for its erasure or destruction under
KVKK Art. 7; to ask that such corrections, erasures and destructions be notified to the third
parties it was transferred to; to object to a result against you arising from analysis
exclusively by automated systems; and to claim compensation for damage from unlawful
processing.

Send your requests to [contact e-mail / address], as the Communiqué on the Procedures and
Principles of Application to the Data Controller provides; they are answered free of charge
within thirty days at the latest."""

BUILTIN_TEXTS: dict[str, dict[str, str]] = {
    "kvkk_notice": {"tr": KVKK_NOTICE_TR, "en": KVKK_NOTICE_EN},
    "loyalty_profiling": {
        "tr": (
            f"{_TEMPLATE_TR}\n\nAlışverişlerimin ve sadakat puanlarımın, bana özel kampanya ve "
            "teklifler sunulması amacıyla analiz edilmesine (profilleme) açık rıza veriyorum. "
            "Bu izin isteğe bağlıdır; vermesem de sadakat programına katılır, puan kazanır ve "
            "kullanırım. İznimi dilediğim zaman geri alabilirim."
        ),
        "en": (
            f"{_TEMPLATE_EN}\n\nI give my explicit consent to my purchases and loyalty points "
            "being analysed to offer me personal campaigns and offers (profiling). This is "
            "optional: without it I still join the loyalty programme and earn and spend "
            "points. I can withdraw it at any time."
        ),
    },
    "marketing_sms": {
        "tr": (
            f"{_TEMPLATE_TR}\n\n[Şirket unvanı] tarafından kampanya, indirim ve duyurular "
            "hakkında telefon numarama SMS ile ticari elektronik ileti gönderilmesine onay "
            "veriyorum. Onayım isteğe bağlıdır ve İleti Yönetim Sistemi'ne (İYS) kaydedilir; "
            "dilediğim zaman ücretsiz olarak geri alabilirim."
        ),
        "en": (
            f"{_TEMPLATE_EN}\n\nI agree to receive commercial electronic messages by SMS from "
            "[company name] about campaigns, discounts and news at my phone number. This is "
            "optional and recorded in the Message Management System (İYS); I can withdraw it "
            "free of charge at any time."
        ),
    },
    "marketing_email": {
        "tr": (
            f"{_TEMPLATE_TR}\n\n[Şirket unvanı] tarafından kampanya, indirim ve duyurular "
            "hakkında e-posta adresime ticari elektronik ileti gönderilmesine onay veriyorum. "
            "Onayım isteğe bağlıdır ve İleti Yönetim Sistemi'ne (İYS) kaydedilir; dilediğim "
            "zaman ücretsiz olarak geri alabilirim."
        ),
        "en": (
            f"{_TEMPLATE_EN}\n\nI agree to receive commercial electronic messages by e-mail "
            "from [company name] about campaigns, discounts and news. This is optional and "
            "recorded in the Message Management System (İYS); I can withdraw it free of "
            "charge at any time."
        ),
    },
    "marketing_call": {
        "tr": (
            f"{_TEMPLATE_TR}\n\n[Şirket unvanı] tarafından kampanya, indirim ve duyurular "
            "hakkında telefon numaramın sesli arama ile aranmasına onay veriyorum. Onayım "
            "isteğe bağlıdır ve İleti Yönetim Sistemi'ne (İYS) kaydedilir; dilediğim zaman "
            "ücretsiz olarak geri alabilirim."
        ),
        "en": (
            f"{_TEMPLATE_EN}\n\nI agree to be called at my phone number by [company name] "
            "about campaigns, discounts and news. This is optional and recorded in the "
            "Message Management System (İYS); I can withdraw it free of charge at any time."
        ),
    },
}
