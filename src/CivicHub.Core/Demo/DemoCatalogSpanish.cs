using CivicHub.Core.Catalog;

namespace CivicHub.Core.Demo;

/// <summary>
/// The demo catalog's texts in Spanish: every department, service, topic and form field, so the portal in Spanish
/// shows no English the jurisdiction wrote. Keyed by the English text, which the demo catalog writes once.
/// </summary>
public static class DemoCatalogSpanish
{
    public const string Language = "es";

    public static IReadOnlyDictionary<string, (string Name, string Description)> Departments { get; } = new Dictionary<string, (string, string)>
    {
        ["CONTACT"] = ("Centro de Atención 311", "Preguntas y solicitudes generales por cualquier canal."),
        ["PUBWORKS"] = ("Obras Públicas", "Calles, aceras, alumbrado público, semáforos y árboles."),
        ["SANITATION"] = ("Limpieza Urbana", "Basura, reciclaje, objetos voluminosos y vertidos."),
        ["HEALTH"] = ("Salud", "Seguridad alimentaria, plagas y salud pública."),
        ["CODE"] = ("Cumplimiento de Normas", "Ruido, estacionamiento y vehículos abandonados."),
        ["TAX"] = ("Hacienda e Impuestos", "Facturas del impuesto predial, exenciones y planes de pago."),
        ["SOCIAL"] = ("Servicios Sociales", "Ayuda para alimentos, calefacción y cuidado infantil."),
        ["CLERK"] = ("Secretaría y Licencias", "Registros civiles, licencias comerciales y permisos."),
    };

    public static IReadOnlyDictionary<string, (string Name, string Description, string[] Keywords)> Services { get; } = new Dictionary<string, (string, string, string[])>
    {
        ["general-enquiry"] = ("Pregunta general", "Pregúntenos lo que quiera; lo enviaremos al lugar indicado.", ["pregunta", "ayuda", "información"]),
        ["pothole"] = ("Bache", "Informe de un bache en una calle o carril bici.", ["bache", "calle", "carretera", "hoyo"]),
        ["streetlight-out"] = ("Farola apagada", "Informe de una farola apagada, parpadeante o dañada.", ["farola", "alumbrado", "luz", "oscuro"]),
        ["traffic-signal"] = ("Problema con un semáforo", "Informe de un semáforo apagado o atascado.", ["semáforo", "señal", "tráfico"]),
        ["sidewalk-damage"] = ("Acera dañada", "Informe de una acera rota o levantada.", ["acera", "bordillo", "tropiezo"]),
        ["tree-down"] = ("Árbol o rama caída", "Informe de un árbol o una rama grande caída en la calle o la acera.", ["árbol", "rama", "caído"]),
        ["missed-trash-pickup"] = ("Recogida de basura no realizada", "No se recogió su basura el día previsto.", ["basura", "recogida", "residuos"]),
        ["missed-recycling"] = ("Recogida de reciclaje no realizada", "No se recogió su reciclaje el día previsto.", ["reciclaje", "recogida"]),
        ["bulk-item-pickup"] = ("Recogida de objetos voluminosos", "Programe la recogida de muebles, colchones o electrodomésticos.", ["voluminoso", "muebles", "colchón", "electrodoméstico"]),
        ["illegal-dumping"] = ("Vertido ilegal", "Informe de residuos tirados en una calle o un terreno.", ["vertido", "escombros", "tirado"]),
        ["rodent-sighting"] = ("Avistamiento de roedores", "Informe de ratas o ratones en la calle o en un edificio.", ["rata", "ratón", "roedor", "plaga"]),
        ["food-safety"] = ("Queja de seguridad alimentaria", "Informe de un problema de seguridad alimentaria en un restaurante o tienda.", ["restaurante", "comida", "enfermo", "alimentos"]),
        ["noise-residential"] = ("Ruido de una vivienda", "Música alta, fiestas o golpes en una vivienda.", ["ruido", "música", "fiesta", "vecino"]),
        ["noise-commercial"] = ("Ruido de un negocio", "Música alta o maquinaria ruidosa en un negocio.", ["ruido", "bar", "discoteca"]),
        ["illegal-parking"] = ("Estacionamiento ilegal", "Un vehículo que bloquea una entrada, un hidrante o un carril bici.", ["estacionamiento", "aparcamiento", "bloqueado", "entrada"]),
        ["abandoned-vehicle"] = ("Vehículo abandonado", "Un vehículo dejado en la calle más de 72 horas.", ["abandonado", "coche", "carro", "vehículo"]),
        ["property-tax-payment-plan"] = ("Plan de pago del impuesto predial", "Divida una factura vencida del impuesto predial en pagos mensuales.", ["plan de pago", "impuesto predial", "vencido", "cuotas"]),
        ["property-tax-exemption"] = ("Exención del impuesto predial", "Solicite la exención para personas mayores, veteranos o vivienda habitual.", ["exención", "impuesto predial", "mayores", "veterano"]),
        ["tax-bill-question"] = ("Pregunta sobre una factura de impuestos", "Pregunte por una factura o un pago del impuesto predial.", ["factura", "impuesto", "pago"]),
        ["benefits-application"] = ("Solicitud de asistencia alimentaria (SNAP)", "Solicite ayuda mensual para comprar alimentos.", ["snap", "cupones de alimentos", "beneficios", "asistencia alimentaria", "ebt", "comida"]),
        ["heating-assistance"] = ("Ayuda para la calefacción", "Ayuda para pagar las facturas de calefacción en invierno.", ["calefacción", "energía", "factura"]),
        ["childcare-assistance"] = ("Ayuda para el cuidado infantil", "Ayuda para pagar el cuidado de sus hijos mientras trabaja o estudia.", ["cuidado infantil", "guardería"]),
        ["birth-certificate"] = ("Copia del acta de nacimiento", "Pida una copia certificada de un acta de nacimiento.", ["acta de nacimiento", "partida de nacimiento", "registro civil", "copia certificada"]),
        ["business-licence"] = ("Licencia comercial", "Solicite o renueve una licencia comercial general.", ["licencia comercial", "permiso", "negocio", "tienda"]),
        ["marriage-licence"] = ("Licencia de matrimonio", "Solicite una licencia de matrimonio.", ["matrimonio", "boda", "casarse"]),
    };

    public static IReadOnlyDictionary<string, string> Topics { get; } = new Dictionary<string, string>
    {
        ["General"] = "General",
        ["Streets and transport"] = "Calles y transporte",
        ["Parks and trees"] = "Parques y árboles",
        ["Trash and recycling"] = "Basura y reciclaje",
        ["Health"] = "Salud",
        ["Noise and nuisance"] = "Ruido y molestias",
        ["Taxes"] = "Impuestos",
        ["Benefits and assistance"] = "Beneficios y ayudas",
        ["Records and licences"] = "Registros y licencias",
        ["Business"] = "Negocios",
    };

    public static IReadOnlyDictionary<string, string> Labels { get; } = new Dictionary<string, string>
    {
        ["Amount owed (USD)"] = "Cantidad adeudada (USD)",
        ["Applicant's name"] = "Nombre del solicitante",
        ["Business address"] = "Dirección del negocio",
        ["Business name"] = "Nombre del negocio",
        ["Children under 18 live with you"] = "Viven con usted menores de 18 años",
        ["City or hospital of birth"] = "Ciudad u hospital de nacimiento",
        ["Date of birth"] = "Fecha de nacimiento",
        ["Email address"] = "Correo electrónico",
        ["Employer Identification Number"] = "Número de Identificación del Empleador (EIN)",
        ["Employment"] = "Situación laboral",
        ["Exemption"] = "Exención",
        ["Home address"] = "Domicilio",
        ["Household income per month (USD)"] = "Ingresos del hogar al mes (USD)",
        ["How big is it?"] = "¿Qué tamaño tiene?",
        ["Kind of business"] = "Tipo de negocio",
        ["Mail the copies to"] = "Enviar las copias a",
        ["Monthly payment you can afford (USD)"] = "Pago mensual que puede permitirse (USD)",
        ["Name on the certificate"] = "Nombre que figura en el acta",
        ["Number of copies"] = "Número de copias",
        ["Owner's name"] = "Nombre del propietario",
        ["Parcel number"] = "Número de parcela",
        ["People in your household"] = "Personas en su hogar",
        ["Phone number"] = "Número de teléfono",
        ["Property address"] = "Dirección de la propiedad",
        ["Social Security number"] = "Número de Seguro Social",
        ["Tell us what you need"] = "Díganos qué necesita",
        ["What did you see?"] = "¿Qué vio?",
        ["Where is it?"] = "¿Dónde está?",
    };

    public static IReadOnlyDictionary<string, string> Help { get; } = new Dictionary<string, string>
    {
        ["A street address or the nearest intersection."] = "Una dirección o el cruce de calles más cercano.",
        ["On your tax bill, written 12-34-567-890."] = "En su factura de impuestos, escrito 12-34-567-890.",
        ["Written 12-3456789; leave empty if you have none."] = "Escrito 12-3456789; déjelo vacío si no tiene.",
        ["Written 123-45-6789; leave empty if you have none."] = "Escrito 123-45-6789; déjelo vacío si no tiene.",
    };

    public static IReadOnlyDictionary<string, string> Options { get; } = new Dictionary<string, string>
    {
        ["small"] = "pequeño",
        ["medium"] = "mediano",
        ["large"] = "grande",
        ["senior"] = "persona mayor",
        ["veteran"] = "veterano",
        ["homestead"] = "vivienda habitual",
        ["disability"] = "discapacidad",
        ["employed"] = "con empleo",
        ["self-employed"] = "por cuenta propia",
        ["unemployed"] = "sin empleo",
        ["retired"] = "jubilado",
        ["student"] = "estudiante",
        ["retail"] = "comercio minorista",
        ["food"] = "alimentación",
        ["services"] = "servicios",
        ["home-based"] = "desde casa",
        ["other"] = "otro",
    };

    /// <summary>The department's Spanish texts, ready to store.</summary>
    public static List<DepartmentTranslation> For(Department department) =>
        Departments.TryGetValue(department.Code, out var text) ? [new() { Language = Language, Name = text.Name, Description = text.Description }] : [];

    /// <summary>The service's Spanish texts, ready to store.</summary>
    public static List<ServiceTranslation> For(Service service) =>
        Services.TryGetValue(service.Code, out var text)
            ? [new() { Language = Language, Name = text.Name, Description = text.Description, Topic = service.Topic is null ? null : Topics.GetValueOrDefault(service.Topic), Keywords = [.. text.Keywords] }]
            : [];

    /// <summary>The field's Spanish texts, ready to store.</summary>
    public static List<FieldTranslation> For(FormField field) =>
    [
        new()
        {
            Language = Language,
            Label = Labels.GetValueOrDefault(field.Label),
            Help = field.Help is null ? null : Help.GetValueOrDefault(field.Help),
            Options = field.Options.Select(o => Options.GetValueOrDefault(o, o)).ToList(),
        },
    ];
}
