using CivicHub.Core.Catalog;
using CivicHub.Core.Interactions;

namespace CivicHub.Core.Demo;

/// <summary>
/// The demo jurisdiction's departments, services (modelled on the request types of NYC's 311 open data and on
/// common state services) and the ways in that each department owns.
/// </summary>
public static class DemoCatalog
{
    public static IReadOnlyList<Department> Departments { get; } =
    [
        new() { Code = "CONTACT", Name = "311 Contact Centre", Description = "General questions and requests on every channel.", Email = "help@civichub.example", Phone = "+12175550100" },
        new() { Code = "PUBWORKS", Name = "Public Works", Description = "Streets, sidewalks, street lights, signals and trees.", Email = "publicworks@civichub.example" },
        new() { Code = "SANITATION", Name = "Sanitation", Description = "Trash, recycling, bulk items and dumping." },
        new() { Code = "HEALTH", Name = "Health", Description = "Food safety, pests and public health." },
        new() { Code = "CODE", Name = "Code Enforcement", Description = "Noise, parking and abandoned vehicles." },
        new() { Code = "TAX", Name = "Revenue and Tax", Description = "Property tax bills, exemptions and payment plans.", Email = "tax@civichub.example", Phone = "+12175550150" },
        new() { Code = "SOCIAL", Name = "Social Services", Description = "Food, heating and childcare assistance.", Email = "benefits@civichub.example" },
        new() { Code = "CLERK", Name = "City Clerk and Licensing", Description = "Vital records, business licences and permits." },
    ];

    /// <summary>(department code, service) pairs.</summary>
    public static IReadOnlyList<(string Department, Service Service)> Services { get; } =
    [
        ("CONTACT", Simple("general-enquiry", "General question", "Ask us anything; we will route it to the right place.", "General", 72, "question", "help", "information")),
        ("PUBWORKS", WithLocation("pothole", "Pothole", "Report a pothole in a street or bike lane.", "Streets and transport", 120, ["small", "medium", "large"], "pothole", "street", "road", "hole")),
        ("PUBWORKS", WithLocation("streetlight-out", "Street light out", "Report a street light that is out, flickering or damaged.", "Streets and transport", 168, null, "street light", "lamp", "dark")),
        ("PUBWORKS", WithLocation("traffic-signal", "Traffic signal problem", "Report a traffic signal that is out or stuck.", "Streets and transport", 24, null, "traffic light", "signal")),
        ("PUBWORKS", WithLocation("sidewalk-damage", "Damaged sidewalk", "Report a broken or lifted sidewalk.", "Streets and transport", 720, null, "sidewalk", "curb", "trip")),
        ("PUBWORKS", WithLocation("tree-down", "Fallen tree or branch", "Report a tree or large branch down on a street or sidewalk.", "Parks and trees", 48, null, "tree", "branch", "limb")),
        ("SANITATION", WithLocation("missed-trash-pickup", "Missed trash pickup", "Your trash was not collected on the scheduled day.", "Trash and recycling", 48, null, "trash", "garbage", "collection", "missed")),
        ("SANITATION", WithLocation("missed-recycling", "Missed recycling pickup", "Your recycling was not collected on the scheduled day.", "Trash and recycling", 48, null, "recycling", "missed")),
        ("SANITATION", WithLocation("bulk-item-pickup", "Bulk item pickup", "Schedule pickup of furniture, mattresses or appliances.", "Trash and recycling", 240, null, "bulk", "furniture", "mattress")),
        ("SANITATION", WithLocation("illegal-dumping", "Illegal dumping", "Report dumped waste on a street or lot.", "Trash and recycling", 120, null, "dumping", "dumped")),
        ("HEALTH", WithLocation("rodent-sighting", "Rodent sighting", "Report rats or mice outside or in a building.", "Health", 240, null, "rat", "rodent", "mice")),
        ("HEALTH", WithLocation("food-safety", "Food safety complaint", "Report a food safety problem at a restaurant or store.", "Health", 120, null, "restaurant", "food", "sick")),
        ("CODE", WithLocation("noise-residential", "Noise from a residence", "Loud music, parties or banging from a home.", "Noise and nuisance", 8, null, "noise", "loud", "music", "party")),
        ("CODE", WithLocation("noise-commercial", "Noise from a business", "Loud music or equipment from a business.", "Noise and nuisance", 8, null, "noise", "bar", "club")),
        ("CODE", WithLocation("illegal-parking", "Illegal parking", "A vehicle blocking a driveway, hydrant or bike lane.", "Streets and transport", 8, null, "parking", "blocked", "driveway")),
        ("CODE", WithLocation("abandoned-vehicle", "Abandoned vehicle", "A vehicle left on the street for more than 72 hours.", "Streets and transport", 240, null, "abandoned", "car", "vehicle")),
        ("TAX", PaymentPlan()),
        ("TAX", TaxForm("property-tax-exemption", "Property tax exemption", "Apply for the senior, veteran or homestead exemption.", 720, ["senior", "veteran", "homestead", "disability"])),
        ("TAX", Simple("tax-bill-question", "Question about a tax bill", "Ask about a property tax bill or payment.", "Taxes", 120, "bill", "tax", "payment")),
        ("SOCIAL", Benefits()),
        ("SOCIAL", Simple("heating-assistance", "Heating assistance", "Help paying heating bills in winter.", "Benefits and assistance", 240, "heating", "energy", "bill")),
        ("SOCIAL", Simple("childcare-assistance", "Childcare assistance", "Help paying for childcare while you work or study.", "Benefits and assistance", 480, "childcare", "daycare")),
        ("CLERK", BirthCertificate()),
        ("CLERK", BusinessLicence()),
        ("CLERK", Simple("marriage-licence", "Marriage licence", "Apply for a marriage licence.", "Records and licences", 240, "marriage", "wedding")),
    ];

    public static IReadOnlyList<(Channel Channel, string Address, string Name, string Department)> Endpoints { get; } =
    [
        (Channel.Sms, "+12175550311", "311 text line", "CONTACT"),
        (Channel.Phone, "+12175550100", "311 phone line", "CONTACT"),
        (Channel.Phone, "+12175550150", "Tax helpline", "TAX"),
        (Channel.Email, "help@civichub.example", "311 mailbox", "CONTACT"),
        (Channel.Email, "tax@civichub.example", "Tax mailbox", "TAX"),
        (Channel.Email, "benefits@civichub.example", "Benefits mailbox", "SOCIAL"),
        (Channel.Chat, "web-widget", "Web chat", "CONTACT"),
        (Channel.Social, "messenger:civichub", "City Hall on Messenger", "CONTACT"),
        (Channel.Mail, "PO BOX 311", "Mailroom", "CONTACT"),
        (Channel.InPerson, "city-hall-counter", "City Hall counter", "CLERK"),
    ];

    private static Service Simple(string code, string name, string description, string topic, int slaHours, params string[] keywords) => new()
    {
        Code = code,
        Name = name,
        Description = description,
        Topic = topic,
        SlaHours = slaHours,
        Keywords = [.. keywords],
        Fields =
        [
            new() { Key = "details", Label = "Tell us what you need", Type = FormFieldType.Textarea, Required = true, MaxLength = 4000 },
            new() { Key = "contact_phone", Label = "Phone number", Type = FormFieldType.Phone, PrefillFrom = "citizen.phone" },
        ],
    };

    private static Service WithLocation(string code, string name, string description, string topic, int slaHours, List<string>? sizes, params string[] keywords)
    {
        var service = Simple(code, name, description, topic, slaHours, keywords);
        service.PublicRequests = true;
        service.Fields =
        [
            new() { Key = "location", Label = "Where is it?", Type = FormFieldType.Address, Required = true, Help = "A street address or the nearest intersection." },
            new() { Key = "details", Label = "What did you see?", Type = FormFieldType.Textarea, MaxLength = 4000 },
        ];
        if (sizes is not null)
        {
            service.Fields.Add(new() { Key = "size", Label = "How big is it?", Type = FormFieldType.Select, Options = sizes });
        }

        return service;
    }

    private static Service PaymentPlan() => new()
    {
        Code = "property-tax-payment-plan",
        Name = "Property tax payment plan",
        Description = "Spread an overdue property tax bill over monthly payments.",
        Topic = "Taxes",
        SlaHours = 240,
        Keywords = ["payment plan", "property tax", "overdue", "installments"],
        Fields =
        [
            new() { Key = "owner_name", Label = "Owner's name", Type = FormFieldType.Text, Required = true, PrefillFrom = "citizen.fullName", MaxLength = 200 },
            new() { Key = "parcel_number", Label = "Parcel number", Type = FormFieldType.Text, Required = true, Pattern = @"\d{2}-\d{2}-\d{3}-\d{3}", Help = "On your tax bill, written 12-34-567-890." },
            new() { Key = "property_address", Label = "Property address", Type = FormFieldType.Address, Required = true, PrefillFrom = "citizen.address" },
            new() { Key = "amount_owed", Label = "Amount owed (USD)", Type = FormFieldType.Number, Required = true, Sensitive = true },
            new() { Key = "monthly_payment", Label = "Monthly payment you can afford (USD)", Type = FormFieldType.Number, Required = true, Sensitive = true },
            new() { Key = "phone", Label = "Phone number", Type = FormFieldType.Phone, PrefillFrom = "citizen.phone" },
        ],
    };

    private static Service TaxForm(string code, string name, string description, int slaHours, List<string> kinds) => new()
    {
        Code = code,
        Name = name,
        Description = description,
        Topic = "Taxes",
        SlaHours = slaHours,
        Keywords = ["exemption", "property tax", "senior", "veteran"],
        Fields =
        [
            new() { Key = "owner_name", Label = "Owner's name", Type = FormFieldType.Text, Required = true, PrefillFrom = "citizen.fullName", MaxLength = 200 },
            new() { Key = "date_of_birth", Label = "Date of birth", Type = FormFieldType.Date, Required = true, PrefillFrom = "citizen.dateOfBirth" },
            new() { Key = "property_address", Label = "Property address", Type = FormFieldType.Address, Required = true, PrefillFrom = "citizen.address" },
            // The exemption asked for can tell a disability or a veteran's status: health and similar details.
            new() { Key = "exemption", Label = "Exemption", Type = FormFieldType.Select, Required = true, Options = kinds, Sensitive = true },
        ],
    };

    private static Service Benefits() => new()
    {
        Code = "benefits-application",
        Name = "Food assistance (SNAP) application",
        Description = "Apply for monthly help buying food.",
        Topic = "Benefits and assistance",
        SlaHours = 720,
        Keywords = ["snap", "food stamps", "benefits", "food assistance", "ebt"],
        Fields =
        [
            new() { Key = "applicant_name", Label = "Applicant's name", Type = FormFieldType.Text, Required = true, PrefillFrom = "citizen.fullName", MaxLength = 200 },
            new() { Key = "date_of_birth", Label = "Date of birth", Type = FormFieldType.Date, Required = true, PrefillFrom = "citizen.dateOfBirth" },
            new() { Key = "home_address", Label = "Home address", Type = FormFieldType.Address, Required = true, PrefillFrom = "citizen.address" },
            new() { Key = "phone", Label = "Phone number", Type = FormFieldType.Phone, PrefillFrom = "citizen.phone" },
            new() { Key = "email", Label = "Email address", Type = FormFieldType.Email, PrefillFrom = "citizen.email" },
            new() { Key = "ssn", Label = "Social Security number", Type = FormFieldType.Text, Pattern = @"\d{3}-\d{2}-\d{4}", Help = "Written 123-45-6789; leave empty if you have none.", Sensitive = true },
            new() { Key = "household_size", Label = "People in your household", Type = FormFieldType.Number, Required = true },
            new() { Key = "monthly_income", Label = "Household income per month (USD)", Type = FormFieldType.Number, Required = true, Sensitive = true },
            new() { Key = "employment_status", Label = "Employment", Type = FormFieldType.Select, Required = true, Options = ["employed", "self-employed", "unemployed", "retired", "student"], Sensitive = true },
            new() { Key = "has_children", Label = "Children under 18 live with you", Type = FormFieldType.Checkbox },
        ],
    };

    private static Service BirthCertificate() => new()
    {
        Code = "birth-certificate",
        Name = "Birth certificate copy",
        Description = "Order a certified copy of a birth certificate.",
        Topic = "Records and licences",
        SlaHours = 240,
        Keywords = ["birth certificate", "vital records", "certified copy"],
        Fields =
        [
            new() { Key = "name_on_certificate", Label = "Name on the certificate", Type = FormFieldType.Text, Required = true, PrefillFrom = "citizen.fullName", MaxLength = 200 },
            new() { Key = "date_of_birth", Label = "Date of birth", Type = FormFieldType.Date, Required = true, PrefillFrom = "citizen.dateOfBirth" },
            new() { Key = "place_of_birth", Label = "City or hospital of birth", Type = FormFieldType.Text, Required = true, MaxLength = 200 },
            new() { Key = "copies", Label = "Number of copies", Type = FormFieldType.Number, Required = true },
            new() { Key = "delivery_address", Label = "Mail the copies to", Type = FormFieldType.Address, Required = true, PrefillFrom = "citizen.address" },
        ],
    };

    private static Service BusinessLicence() => new()
    {
        Code = "business-licence",
        Name = "Business licence",
        Description = "Apply for or renew a general business licence.",
        Topic = "Business",
        SlaHours = 480,
        Keywords = ["business licence", "business license", "permit", "shop"],
        Fields =
        [
            new() { Key = "business_name", Label = "Business name", Type = FormFieldType.Text, Required = true, MaxLength = 200 },
            new() { Key = "business_type", Label = "Kind of business", Type = FormFieldType.Select, Required = true, Options = ["retail", "food", "services", "home-based", "other"] },
            new() { Key = "owner_name", Label = "Owner's name", Type = FormFieldType.Text, Required = true, PrefillFrom = "citizen.fullName", MaxLength = 200 },
            new() { Key = "business_address", Label = "Business address", Type = FormFieldType.Address, Required = true },
            new() { Key = "ein", Label = "Employer Identification Number", Type = FormFieldType.Text, Pattern = @"\d{2}-\d{7}", Help = "Written 12-3456789; leave empty if you have none." },
            new() { Key = "email", Label = "Email address", Type = FormFieldType.Email, PrefillFrom = "citizen.email" },
        ],
    };
}
