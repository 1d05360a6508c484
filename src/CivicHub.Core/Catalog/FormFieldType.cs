namespace CivicHub.Core.Catalog;

/// <summary>The kinds of answer a form field takes.</summary>
public enum FormFieldType
{
    Text,
    Textarea,
    Number,
    Date,
    Email,
    Phone,
    Select,
    Checkbox,
    Address,
}
