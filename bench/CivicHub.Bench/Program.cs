Console.WriteLine("usage: dotnet run -c Release --project bench/CivicHub.Bench -- <benchmark>");
return 1;
