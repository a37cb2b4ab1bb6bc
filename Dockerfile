# TuneStudio in a container. Ubuntu 24.04's libstdc++ carries GLIBCXX_3.4.32, which TorchSharp 0.107 needs
# (on Debian 12 the build marks that version weak instead; see build/TorchSharpNative.targets).
#   docker build -t tunestudio .                                  # CPU
#   docker build --build-arg TORCH_BACKEND=cuda -t tunestudio .   # CUDA (TorchSharp-cuda-linux); run with --gpus all
ARG TORCH_BACKEND=cpu

FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
ARG TORCH_BACKEND
WORKDIR /src
COPY . .
RUN dotnet publish src/TuneStudio.Web -c Release -o /app -p:TorchBackend=${TORCH_BACKEND}

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble
WORKDIR /app
COPY --from=build /app .
ENV TuneStudio__DataPath=/data \
    ASPNETCORE_URLS=http://0.0.0.0:5080 \
    OMP_WAIT_POLICY=PASSIVE \
    MALLOC_MMAP_THRESHOLD_=1073741824 \
    MALLOC_TRIM_THRESHOLD_=1073741824 \
    MALLOC_TOP_PAD_=268435456
VOLUME /data
EXPOSE 5080
ENTRYPOINT ["dotnet", "TuneStudio.Web.dll"]
