"""The texts a sign-up shows when the backend has sent none (collection ``legal_text``).

TEMPLATE: a short summary for a retailer's lawyer to replace with their own notice (KVKK
art. 10, aydınlatma yükümlülüğü) through the backend's legal texts; version ``builtin-1``
tells in every consent fact that this template, not the retailer's text, was shown.
"""

from __future__ import annotations

BUILTIN_VERSION = "builtin-1"

# purpose -> language -> text
BUILTIN: dict[str, dict[str, str]] = {
    "kvkk_notice": {
        "tr": (
            "[ŞABLON] Kişisel Verilerin Korunması Kanunu (KVKK) kapsamında aydınlatma metni: "
            "Veri sorumlusu olarak mağazamız adınızı, telefon numaranızı ve/veya e-posta "
            "adresinizi, alışverişlerinizi ve puanlarınızı sadakat programını yürütmek, "
            "satış ve iade işlemlerini yapmak ve yasal yükümlülüklerimizi yerine getirmek "
            "amacıyla, sözleşmenin kurulması ve ifası ile hukuki yükümlülük hukuki "
            "sebeplerine dayanarak işler. Verileriniz yalnızca hizmet aldığımız bilgi işlem "
            "sağlayıcılarına ve kanunen yetkili kurumlara aktarılır. KVKK madde 11 uyarınca "
            "verilerinize erişme, düzeltilmesini veya silinmesini isteme ve işlemeye itiraz "
            "etme haklarına sahipsiniz; başvurularınızı mağazalarımıza veya internet "
            "sitemizdeki iletişim adresine iletebilirsiniz."
        ),
        "en": (
            "[TEMPLATE] Privacy notice under Turkey's Personal Data Protection Law (KVKK): "
            "as data controller, our store processes your name, phone number and/or e-mail "
            "address, your purchases and your points to run the loyalty programme, to carry "
            "out sales and returns and to meet our legal obligations, on the legal grounds "
            "of entering into and performing a contract and of legal obligation. Your data "
            "is shared only with the IT providers we use and with authorities entitled by "
            "law. Under article 11 of the KVKK you may access your data, ask for it to be "
            "corrected or erased and object to its processing; write to any of our stores "
            "or to the contact address on our website."
        ),
    },
    "loyalty_profiling": {
        "tr": "Alışverişlerime göre bana özel puan ve kampanya önerileri hazırlanmasına "
        "açık rıza veriyorum.",
        "en": "I consent to my purchases being used to tailor points offers and campaigns to me.",
    },
    "marketing_sms": {
        "tr": "Kampanya ve duyuruların SMS ile gönderilmesini kabul ediyorum.",
        "en": "I agree to receive offers and news by SMS.",
    },
    "marketing_email": {
        "tr": "Kampanya ve duyuruların e-posta ile gönderilmesini kabul ediyorum.",
        "en": "I agree to receive offers and news by e-mail.",
    },
    "marketing_call": {
        "tr": "Kampanya ve duyurular için telefonla aranmayı kabul ediyorum.",
        "en": "I agree to be called about offers and news.",
    },
}
