from django import forms

from sitrantib.regions.models import OfficeProfile, Signatory


class OfficeProfileForm(forms.ModelForm):
    class Meta:
        model = OfficeProfile
        fields = [
            "government_line",
            "office_line",
            "address",
            "phone",
            "town",
            "postcode",
            "letter_place",
            "email",
            "emblem",
        ]


class SignatoryForm(forms.ModelForm):
    class Meta:
        model = Signatory
        fields = ["title", "name", "rank", "nip"]
