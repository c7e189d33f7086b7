"""Words the default similarity of `pairing` ignores (plain data, no Django)."""

# English, French and German stop words (accents folded), then what every listing says in
# the three languages ("looking for a partner").
_STOP_TEXT = """
a an the and or but of for to in on at by with from as is are be been being was were we our
ours us you your it its this that these those will would can could shall should may might must
into onto about up out not no all any some more most other such than then also per via has
have had having who whom which what when where how why their they them there here do does did
done etc eg ie both each own same very just over under within across using use used able like
well
le la les un une des du de d l et ou en au aux pour par sur dans avec sans sous ce cet cette
ces qui que quoi dont nous notre nos vous votre vos il elle ils elles on est sont etre ont pas
plus ne se sa son ses leur leurs y entre comme tres tout tous toute toutes afin ainsi mais si
chez vers aussi deja notamment cas
der die das den dem des ein eine einen einem einer eines und oder fur von vom zu zum zur im am
auf aus bei mit nach uber unter durch gegen ohne um wir unser unsere unseren unserer unserem sie
ihr ihre ihren es ist sind sein wird werden hat haben nicht kein keine auch als wie sowie noch
sich dass bis so nur bzw sehr
look looking seek seeking search searching offer offers offering provide provides providing
request requests need needs want wants wanted partner partners company companies firm business
interested available
recherche recherchons cherchons cherche cherchant offre offres offrons proposons propose besoin
partenaire partenaires entreprise entreprises societe disponible
suchen sucht gesucht bieten bietet biete angebot partnern unternehmen firma verfugbar
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
